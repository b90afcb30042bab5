"""Templates, labels and colours shared by the LaTeX and HTML renderers.

Keeping every fixed piece of markup in one module (displaCy's ``templates.py`` habit) means the
renderers only assemble escaped fragments, and an editor who wants another preamble, palette or
abbreviation changes it here, or passes their own through the renderers' options.

Variant classes are keyed by their string value (``"lexical"``, ``"omission"``...), the same
strings :class:`~witnesscollate.analysis.classify.VariantType` uses in every output.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Final

from ..model import Witness

__all__ = [
    "APPARATUS_TERMS",
    "EKDOSIS_PREAMBLE",
    "FRAGMENT_CSS",
    "PAGE_CSS",
    "PAGE_TEMPLATE",
    "POLYGLOSSIA_LANGUAGES",
    "RELEDMAC_PREAMBLE",
    "TYPE_ABBREVIATIONS",
    "TYPE_COLOURS",
    "TYPE_LABELS",
    "siglum_parts",
]

# --- variant classes -------------------------------------------------------------------------

#: Colours per variant class, from the Okabe–Ito and Tol palettes (distinguishable with the
#: common colour-vision deficiencies); the HTML never relies on colour alone (every cell also
#: carries the class name in text or a title).
TYPE_COLOURS: Final = MappingProxyType(
    {
        "identical": "#FFFFFF",
        "orthography": "#F0E442",
        "capitalisation": "#56B4E9",
        "punctuation": "#DDCC77",
        "abbreviation": "#88CCEE",
        "grammatical": "#009E73",
        "lexical": "#D55E00",
        "addition": "#0072B2",
        "omission": "#CC79A7",
        "transposition": "#E69F00",
        "lacuna": "#777777",
        "unattested": "#BBBBBB",
    }
)

#: Human-readable names for the legend.
TYPE_LABELS: Final = MappingProxyType(
    {
        "identical": "identical",
        "orthography": "orthography (spacing, hyphenation, ё/е, quotes, dashes)",
        "capitalisation": "capitalisation",
        "punctuation": "punctuation",
        "abbreviation": "abbreviation",
        "grammatical": "grammatical form",
        "lexical": "lexical substitution",
        "addition": "addition",
        "omission": "omission",
        "transposition": "transposition",
        "lacuna": "lacuna (text unknown)",
        "unattested": "not attested (context supplied from another witness)",
    }
)

#: Short labels printed beside a highlighted reading, so that colour is never the only cue.
TYPE_ABBREVIATIONS: Final = MappingProxyType(
    {
        "identical": "",
        "orthography": "orth.",
        "capitalisation": "cap.",
        "punctuation": "punct.",
        "abbreviation": "abbr.",
        "grammatical": "gram.",
        "lexical": "lex.",
        "addition": "add.",
        "omission": "om.",
        "transposition": "transp.",
        "lacuna": "lac.",
        "unattested": "n. att.",
    }
)

#: The Latin abbreviations of a printed apparatus.
APPARATUS_TERMS: Final = MappingProxyType(
    {
        "omission": "om.",
        "addition": "add.",
        "transposition": "transp.",
        "lacuna": "lac.",
        "unattested": "non att.",
        "ante": "ante",
        "post": "post",
        "ac": "a.c.",
        "pc": "p.c.",
    }
)

#: ISO 639-1 codes to the language names polyglossia knows.
POLYGLOSSIA_LANGUAGES: Final = MappingProxyType(
    {
        "ru": "russian",
        "en": "english",
        "de": "german",
        "fr": "french",
        "it": "italian",
        "uk": "ukrainian",
        "la": "latin",
        "el": "greek",
        "es": "spanish",
        "pl": "polish",
    }
)

_STATE_RE = re.compile(r"^(?P<base>.*?\S)[\s_-]+(?P<state>[ap]\.?\s?c\.?)$", re.IGNORECASE)


def siglum_parts(witness: Witness) -> tuple[str, str | None]:
    """A witness's siglum split into the document's siglum and its revision state.

    ``("B3", "ac")`` for a witness with ``state="ac"`` and ``base_siglum="B3"`` (as the TEI
    reader makes them) or for a bare siglum such as ``"B3 a.c."``; ``(siglum, None)`` else.
    Renderers print the state as a superscript *a.c.*/*p.c.* after the siglum.
    """
    state = (witness.state or "").replace(".", "").lower()
    if state in ("ac", "pc") and witness.base_siglum:
        return witness.base_siglum, state
    m = _STATE_RE.match(witness.siglum)
    if m is None:
        return witness.siglum, None
    return m.group("base"), m.group("state").replace(".", "").replace(" ", "").lower()


# --- LaTeX -----------------------------------------------------------------------------------

# xelatex + fontspec + DejaVu Serif: one Unicode font with Cyrillic, Latin and Greek, shipped by
# Debian's fonts-dejavu, so that every reading sets without font substitution.
_COMMON_PREAMBLE = r"""\usepackage{{fontspec}}
\setmainfont{{{font}}}
\usepackage{{polyglossia}}
\setdefaultlanguage{{{language}}}
{other_languages}"""

#: reledmac preamble; ``{title}`` etc. are filled by :func:`str.format` with escaped values.
RELEDMAC_PREAMBLE: Final = (
    r"""% Generated by {generator}: a critical apparatus for reledmac (compile with xelatex,
% twice: reledmac places the notes and their line numbers on the second run).
\documentclass[{fontsize},a4paper]{{article}}
"""
    + _COMMON_PREAMBLE
    + r"""\usepackage[noend]{{reledmac}}
\Xarrangement[A]{{paragraph}}
\Xlemmaseparator[A]{{]}}
\Xinplaceoflemmaseparator[A]{{0.5em}}
\Xafterrule[A]{{0.5\baselineskip}}
\firstlinenum{{1}}
\linenumincrement{{{increment}}}
\linenummargin{{left}}
\Xnotenumfont[A]{{\bfseries}}
"""
)

#: ekdosis preamble (compile with lualatex, which ekdosis requires).
EKDOSIS_PREAMBLE: Final = (
    r"""% Generated by {generator}: a critical apparatus for ekdosis (compile with lualatex,
% two or three runs: ekdosis places the notes and their line numbers on later runs).
\documentclass[{fontsize},a4paper]{{article}}
"""
    + _COMMON_PREAMBLE
    + r"""\usepackage{{ekdosis}}
\SetLineation{{lineation=document, modulo, modulonum={increment}}}
\SetSubseparator{{\unskip; }}
\SetUnitDelimiter{{\hskip 0.75em}}
"""
)

# --- HTML ------------------------------------------------------------------------------------


def _type_css(prefix: str) -> str:
    """One rule per variant class: a tinted background and a solid underline of its colour."""
    rules = []
    for name, colour in TYPE_COLOURS.items():
        if name == "identical":
            continue
        rules.append(
            f"{prefix}.t-{name}{{background:{colour}40;box-shadow:inset 0 -3px 0 {colour};}}"
        )
        rules.append(f"{prefix}.sw-{name}{{background:{colour};}}")
        rules.append(f"{prefix}.tick-{name}{{fill:{colour};}}")
    return "\n".join(rules)


_BASE_CSS = """
{p}{{font-family:"DejaVu Serif","Noto Serif","Liberation Serif",Georgia,"Times New Roman",serif;
  line-height:1.45;color:#1a1a1a;}}
{p} h1{{font-size:1.6em;margin:.2em 0 .4em;}}
{p} h2{{font-size:1.25em;margin:1.4em 0 .4em;border-bottom:1px solid #ccc;}}
{p} table{{border-collapse:collapse;}}
{p} caption{{text-align:left;font-weight:bold;padding:.3em 0;}}
{p} th,{p} td{{border:1px solid #d0d0d0;padding:.25em .45em;vertical-align:top;text-align:left;}}
{p} thead th{{background:#f2f2f2;position:sticky;top:0;z-index:1;}}
{p} .siglum{{font-style:italic;}}
{p} .state{{font-style:normal;font-size:.75em;vertical-align:super;}}
{p} .term{{font-style:italic;}}
{p} .muted{{color:#666;}}
{p} .loc{{font-variant-numeric:tabular-nums;white-space:nowrap;color:#444;}}
{p} .lemma{{font-weight:bold;}}
{p} .gap{{color:#999;}}
{p} .kind{{font-size:.75em;color:#333;white-space:nowrap;}}
{p} .legend{{display:flex;flex-wrap:wrap;gap:.3em 1.1em;margin:.5em 0;padding:0;list-style:none;}}
{p} .legend li{{display:flex;align-items:center;gap:.35em;}}
{p} .sw{{display:inline-block;width:1.1em;height:1.1em;border:1px solid #555;}}
{p} .strip{{width:100%;height:auto;display:block;margin:.4em 0;}}
{p} .strip .axis{{stroke:#888;stroke-width:1;}}
{p} .strip text{{font-size:11px;fill:#444;}}
{p} .strip a:hover rect,{p} .strip a:focus rect{{stroke:#000;stroke-width:1.5;}}
{p} .synopsis td.shared{{color:#555;}}
{p} .synopsis td.lemma-cell{{background:#f6f6f6;}}
{p} .synopsis tr.para-start > *{{border-top:2px solid #888;}}
{p} table.witnesses td:nth-child(3){{white-space:nowrap;}}
{p} table.synopsis{{width:100%;table-layout:fixed;}}
{p} .synopsis thead th:first-child{{width:3.5em;}}
{p} .synopsis td{{overflow-wrap:anywhere;}}
{p} .wit-title{{display:block;font-size:.75em;font-weight:normal;color:#555;}}
{p} .synopsis th[scope=row]{{font-weight:normal;white-space:nowrap;color:#444;}}
{p} .app-list{{list-style:none;padding-left:0;}}
{p} .app-list li{{margin:.15em 0;padding:.1em .2em;}}
{p} .app-list li:target{{outline:2px solid #0072B2;}}
{p} .scroll{{overflow-x:auto;max-width:100%;}}
{p} .align td{{white-space:nowrap;}}
{p} .align td.variant{{background:#D55E0030;}}
{p} .align td.lacuna{{background:#77777740;color:#555;}}
{p} .align th[scope=row]{{font-style:italic;}}
"""

#: CSS of the standalone page (applies to ``body``).
PAGE_CSS: Final = (
    _BASE_CSS.format(p="body")
    + "body{max-width:80em;margin:1.5em auto;padding:0 1em;}\n"
    + _type_css("")
)

#: CSS of the Jupyter fragment: every rule is scoped under ``.wc`` so that it cannot restyle the
#: notebook around it.
FRAGMENT_CSS: Final = _BASE_CSS.format(p=".wc") + _type_css(".wc ")

#: The standalone page; every ``{...}`` value is already-escaped HTML.
PAGE_TEMPLATE: Final = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{generator}">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p class="muted">{summary}</p>
</header>
<main>
{body}
</main>
<footer><p class="muted">Generated by {generator}.</p></footer>
</body>
</html>
"""
