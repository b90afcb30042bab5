<?xml version="1.0" encoding="UTF-8"?>
<!--
  An independent reading of a TEI witness's text, for the conformance suite
  (tests/reading/test_realworld.py): written from the TEI Guidelines for the test, sharing no
  code with the reader.  The output is compared word by word (whitespace-separated) with the
  reader's witness text, state by state.

  Parameters
    applied  the hands whose interventions are applied, each surrounded by spaces
             (" " for a.c., " h1 " for one hand's p.c.), or "#all" (every hand: p.c.).
    choice   the choice children that are read, each surrounded by spaces.
    lenient  "yes": a span whose @spanTo names no later element ends at an element that names
             its target in another attribute, else at the end of its enclosing block or segment.

  Conventions the comparison relies on: a block ends with a newline, a word boundary is a
  space, a joining break (break="no") is U+E000 (the test removes it with the whitespace and
  line-end hyphen around it).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:t="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="t">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="applied" select="' '"/>
  <xsl:param name="choice" select="' corr reg expan '"/>
  <xsl:param name="lenient" select="'no'"/>

  <!-- Element-only content: layout whitespace between children is not text. -->
  <xsl:strip-space elements="t:subst t:choice t:app t:rdgGrp t:listApp t:mod t:cit t:ruby
      t:lg t:div t:div1 t:div2 t:div3 t:body t:front t:back t:sp t:list t:figure t:castList"/>

  <xsl:key name="id" match="*[@xml:id]" use="@xml:id"/>

  <xsl:variable name="expanded" select="not(contains($choice, ' abbr ')) or contains($choice, ' expan ')"/>

  <xsl:template match="/">
    <xsl:apply-templates select="t:TEI/t:text"/>
  </xsl:template>

  <!-- Not witness text. -->
  <xsl:template match="t:note | t:fw | t:figDesc | t:desc | t:interp | t:interpGrp | t:link
      | t:linkGrp | t:spanGrp | t:span | t:index | t:certainty | t:respons | t:precision
      | t:metamark | t:witDetail | t:wit | t:join | t:joinGrp | t:alt | t:altGrp | t:timeline
      | t:listTranspose | t:graphic | t:listPerson | t:listPlace | t:listOrg | t:listEvent
      | t:listRelation | t:fs | t:witStart | t:witEnd | t:locus | t:anchor | t:handShift"/>

  <!-- Blocks: a newline on either side (some only where they stand between blocks). -->
  <xsl:template match="t:text | t:front | t:body | t:back | t:group | t:div | t:div1 | t:div2
      | t:div3 | t:p | t:ab | t:head | t:lg | t:l | t:item | t:salute | t:signed | t:dateline
      | t:opener | t:closer | t:postscript | t:trailer | t:byline | t:docTitle | t:titlePart
      | t:titlePage | t:docImprint | t:docAuthor | t:docDate | t:argument | t:epigraph | t:table
      | t:row | t:sp | t:speaker | t:castList | t:castItem | t:castGroup | t:role | t:roleDesc
      | t:listBibl | t:floatingText | t:listApp | t:spGrp">
    <xsl:text>&#10;</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="t:quote | t:bibl | t:label | t:stage | t:figure | t:list">
    <xsl:choose>
      <xsl:when test="parent::t:p or parent::t:ab or parent::t:l or parent::t:seg or parent::t:s
          or parent::t:w or parent::t:hi or parent::t:q">
        <xsl:apply-templates/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>&#10;</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Milestones: a word boundary, or a join. -->
  <xsl:template match="t:lb | t:pb | t:cb | t:milestone | t:gb">
    <xsl:choose>
      <xsl:when test="@break = 'no'">&#xE000;</xsl:when>
      <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="t:space | t:cell">
    <xsl:text> </xsl:text>
    <xsl:apply-templates/>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- Lost text: nothing, but a gap counted in words or lines stands between words. -->
  <xsl:template match="t:gap">
    <xsl:if test="contains(' word words line lines page pages column columns folio folios ',
        concat(' ', normalize-space(@unit), ' ')) and normalize-space(@unit) != ''">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- Abbreviation markers and editorial expansions. -->
  <xsl:template match="t:ex">
    <xsl:if test="$expanded"><xsl:apply-templates/></xsl:if>
  </xsl:template>
  <xsl:template match="t:am">
    <xsl:if test="not($expanded)"><xsl:apply-templates/></xsl:if>
  </xsl:template>

  <!-- A glyph: its content, or the mapping the header declares for an empty one. -->
  <xsl:template match="t:g">
    <xsl:choose>
      <xsl:when test="node()"><xsl:apply-templates/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="decl" select="key('id', substring-after(@ref, '#'))"/>
        <xsl:variable name="maps" select="$decl/t:mapping[normalize-space() != ''
            and not(starts-with(normalize-space(), 'U+'))]"/>
        <xsl:variable name="best" select="($maps[@type = 'standard'] | $maps[@type = 'standardized']
            | $maps[@type = 'normalized'])[1]"/>
        <xsl:choose>
          <xsl:when test="$best"><xsl:value-of select="normalize-space($best)"/></xsl:when>
          <xsl:when test="$maps"><xsl:value-of select="normalize-space($maps[1])"/></xsl:when>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- choice: the first child named in $choice, else the first child; stray text is kept. -->
  <xsl:template match="t:choice">
    <xsl:variable name="named" select="*[contains($choice, concat(' ', local-name(), ' '))][1]"/>
    <xsl:variable name="pick" select="$named | *[1][not($named)]"/>
    <xsl:apply-templates select="node()[count(. | $pick) = 1 or self::text()]"/>
  </xsl:template>

  <!-- app: the lemma, else the first reading, wherever they sit in rdgGrp. -->
  <xsl:template match="t:app">
    <xsl:variable name="readings" select="(.//t:lem | .//t:rdg)[count(ancestor::t:app[1] | current()) = 1]"/>
    <xsl:variable name="lem" select="$readings[self::t:lem][1]"/>
    <xsl:variable name="pick" select="$lem | $readings[1][not($lem)]"/>
    <xsl:apply-templates select="$pick"/>
  </xsl:template>

  <!-- Revisions, by hand. -->
  <xsl:template name="hand">
    <xsl:variable name="subst" select="ancestor::*[self::t:subst or self::t:mod][@hand][1]"/>
    <xsl:variable name="shift" select="preceding::t:handShift[@new][not(ancestor::t:note
        or ancestor::t:fw or ancestor::t:teiHeader)][1]"/>
    <xsl:choose>
      <xsl:when test="@hand">
        <xsl:value-of select="translate(substring-before(concat(normalize-space(@hand), ' '), ' '), '#', '')"/>
      </xsl:when>
      <xsl:when test="$subst">
        <xsl:value-of select="translate(substring-before(concat(normalize-space($subst/@hand), ' '), ' '), '#', '')"/>
      </xsl:when>
      <xsl:when test="$shift">
        <xsl:value-of select="translate(substring-before(concat(normalize-space($shift/@new), ' '), ' '), '#', '')"/>
      </xsl:when>
      <xsl:otherwise>unattributed</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="t:add">
    <xsl:variable name="hand"><xsl:call-template name="hand"/></xsl:variable>
    <xsl:if test="$applied = '#all' or contains($applied, concat(' ', $hand, ' '))"><xsl:apply-templates/></xsl:if>
  </xsl:template>

  <xsl:template match="t:del">
    <xsl:variable name="hand"><xsl:call-template name="hand"/></xsl:variable>
    <xsl:if test="not($applied = '#all' or contains($applied, concat(' ', $hand, ' ')))"><xsl:apply-templates/></xsl:if>
  </xsl:template>

  <!-- Text, unless an addSpan not applied or a delSpan applied runs over it. -->
  <xsl:template match="text()">
    <xsl:variable name="here" select="."/>
    <xsl:variable name="hidden">
      <xsl:for-each select="(preceding::t:addSpan | preceding::t:delSpan)[@spanTo or not(@*[concat('#', normalize-space(.))
          = preceding::*[self::t:addSpan or self::t:delSpan]/@spanTo])]">
        <xsl:variable name="covers">
          <xsl:call-template name="covers"><xsl:with-param name="node" select="$here"/></xsl:call-template>
        </xsl:variable>
        <xsl:if test="$covers = 'yes'">
          <xsl:variable name="hand"><xsl:call-template name="hand"/></xsl:variable>
          <xsl:variable name="on" select="$applied = '#all' or contains($applied, concat(' ', $hand, ' '))"/>
          <xsl:if test="(self::t:delSpan and $on) or (self::t:addSpan and not($on))">x</xsl:if>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="$hidden = ''"><xsl:value-of select="."/></xsl:if>
  </xsl:template>

  <!-- Does the span (the context node) run over $node (which follows it)? -->
  <xsl:template name="covers">
    <xsl:param name="node"/>
    <xsl:variable name="target" select="translate(substring-before(concat(normalize-space(@spanTo), ' '), ' '), '#', '')"/>
    <xsl:variable name="anchor" select="key('id', $target)[count(preceding::* | current()) = count(preceding::*)]"/>
    <xsl:variable name="marker" select="following::*[@*[local-name() != 'spanTo' and local-name() != 'id']
        [translate(normalize-space(.), '#', '') = $target]][1]"/>
    <xsl:variable name="unit" select="ancestor::t:*[contains(' text front body back group div div1
        div2 div3 div4 div5 div6 div7 p ab head lg l list item label salute signed dateline opener
        closer postscript trailer byline docTitle titlePart titlePage docImprint docAuthor docDate
        argument epigraph table row sp speaker stage castList castItem castGroup role roleDesc
        listBibl bibl floatingText quote listApp spGrp set prologue epilogue performance figure
        seg s cl phr ', concat(' ', local-name(), ' '))][1]"/>
    <xsl:choose>
      <xsl:when test="$anchor">
        <xsl:if test="count($anchor/preceding::node() | $node) = count($anchor/preceding::node())">yes</xsl:if>
      </xsl:when>
      <xsl:when test="$lenient != 'yes'"/>
      <xsl:when test="$target != '' and $marker">
        <xsl:if test="count($marker/preceding::node() | $node) = count($marker/preceding::node())">yes</xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:if test="count($unit//node() | $node) = count($unit//node())">yes</xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
