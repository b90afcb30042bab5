/* The reading tools of the witnesscollate page: filters, search, witness columns, jumps.
   No network, no libraries; the page reads the same without this script. */
(function () {
  "use strict";
  var page = document.querySelector("[data-wc-page]");
  var tools = document.getElementById("wc-tools");
  if (!page || !tools) { return; }
  var q = document.getElementById("wc-q");
  var wit = document.getElementById("wc-wit");
  var subst = document.getElementById("wc-subst");
  var status = document.getElementById("wc-status");
  var cols = document.getElementById("wc-cols");
  var typeBoxes = Array.prototype.slice.call(tools.querySelectorAll("input[name=type]"));
  var colBoxes = cols ? Array.prototype.slice.call(cols.querySelectorAll("input[name=col]")) : [];
  var entries = Array.prototype.slice.call(page.querySelectorAll("li.entry[data-unit]"));
  var places = {};
  function place(unit, el) { (places[unit] = places[unit] || []).push(el); }
  page.querySelectorAll("[data-unit]").forEach(function (el) {
    if (el.matches("li.entry")) { return; }
    if (el.tagName === "TR") {  // a synoptic row: its cells are its unit's, unless they name one
      Array.prototype.forEach.call(el.cells, function (cell) {
        if (cell.tagName === "TD" && !cell.hasAttribute("data-unit")) { place(el.dataset.unit, cell); }
      });
      return;
    }
    if (el.dataset.unit) { place(el.dataset.unit, el); }  // (data-unit="": of no unit shown)
  });
  var SKIP = ".ref, .num, .loc, .sig, .term, .kind, .pb, .cite, .cert, .within, .to-syn, .pnum, .unatt, th";
  var hits = [];
  var current = -1;
  var applied = null;

  function norm(s) { return s.normalize("NFC").toLocaleLowerCase(); }
  var texts = entries.map(function (li) { return norm(li.dataset.text || ""); });

  function words(s) { return s ? s.split(" ") : []; }

  function clearMarks() {
    page.querySelectorAll("mark.hit").forEach(function (mark) {
      var parent = mark.parentNode;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    });
  }

  function highlight(needle) {
    clearMarks();
    hits = [];
    current = -1;
    if (!needle) { return; }
    page.querySelectorAll("[data-search]").forEach(function (scope) {
      var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) {
          return node.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
        }
      });
      var nodes = [];
      while (walker.nextNode()) { nodes.push(walker.currentNode); }
      nodes.forEach(function (node) {
        var text = node.data;
        var low = norm(text);
        if (low.length !== text.length) { low = text.toLowerCase(); }
        if (low.length !== text.length) { return; }
        var at = low.indexOf(needle);
        if (at < 0) { return; }
        var frag = document.createDocumentFragment();
        var pos = 0;
        while (at >= 0) {
          frag.appendChild(document.createTextNode(text.slice(pos, at)));
          var mark = document.createElement("mark");
          mark.className = "hit";
          mark.textContent = text.slice(at, at + needle.length);
          frag.appendChild(mark);
          pos = at + needle.length;
          at = low.indexOf(needle, pos);
        }
        frag.appendChild(document.createTextNode(text.slice(pos)));
        node.parentNode.replaceChild(frag, node);
      });
    });
    hits = Array.prototype.slice.call(page.querySelectorAll("mark.hit")).filter(function (mark) {
      return mark.getClientRects().length > 0;
    });
  }

  function apply() {
    var types = {};
    typeBoxes.forEach(function (box) { if (box.checked) { types[box.value] = true; } });
    var who = wit.value;
    var only = subst.checked;
    var raw = q.value.trim();
    var needle = norm(raw);
    var shown = 0;
    entries.forEach(function (li, i) {
      var ok = words(li.dataset.types).some(function (t) { return types[t]; })
        && (!who || words(li.dataset.wits).indexOf(who) >= 0)
        && (!only || li.dataset.subst === "1")
        && (!needle || texts[i].indexOf(needle) >= 0);
      li.hidden = !ok;
      (places[li.dataset.unit] || []).forEach(function (el) { el.classList.toggle("off", !ok); });
      if (ok) { shown += 1; }
    });
    highlight(needle);
    applied = needle;
    var msg = "Showing " + shown + " of " + entries.length + " units";
    if (needle) {
      msg += "; \u201c" + raw + "\u201d: " + hits.length + (hits.length === 1 ? " match" : " matches");
    }
    status.textContent = msg + ".";
  }

  function go(step) {
    if (!hits.length) { return; }
    if (current >= 0) { hits[current].classList.remove("current"); }
    current = (current + step + hits.length) % hits.length;
    var mark = hits[current];
    mark.classList.add("current");
    mark.scrollIntoView({ block: "center" });
    status.textContent = "Match " + (current + 1) + " of " + hits.length + ".";
  }

  function reset() {
    typeBoxes.forEach(function (box) { box.checked = true; });
    wit.value = "";
    subst.checked = false;
    q.value = "";
    apply();
  }

  // The witnesses of each cell of a synoptic table: those of the columns it stands in, as the
  // table's rows and spans lay it out (the cells do not repeat them).  Made on first use,
  // before any column is hidden.
  var layout = null;
  function cellsAndWitnesses() {
    if (layout) { return layout; }
    layout = [];
    page.querySelectorAll("table.synopsis").forEach(function (table) {
      var heads = [];
      table.querySelectorAll("thead th[data-w]").forEach(function (th) {
        heads.push(th.dataset.w);
        layout.push([th, [th.dataset.w]]);
      });
      var n = heads.length;
      var carry = heads.map(function () { return 0; });  // rows a cell above still spans
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (tr) {
          var taken = carry.map(function (c) { return c > 0; });
          carry = carry.map(function (c) { return c > 0 ? c - 1 : 0; });
          var col = 0;
          Array.prototype.forEach.call(tr.cells, function (cell) {
            if (cell.tagName !== "TD") { return; }
            while (col < n && taken[col]) { col += 1; }
            var span = cell.colSpan;
            for (var k = col; k < col + span && k < n; k += 1) { carry[k] = cell.rowSpan - 1; }
            layout.push([cell, heads.slice(col, col + span)]);
            col += span;
          });
        });
      });
    });
    return layout;
  }

  function columns() {
    var visible = {};
    var count = 0;
    colBoxes.forEach(function (box) { if (box.checked) { visible[box.value] = true; count += 1; } });
    cellsAndWitnesses().forEach(function (item) {
      var cell = item[0];
      var ws = item[1];
      var n = ws.filter(function (w) { return visible[w]; }).length;
      cell.hidden = n === 0;
      if (ws.length > 1) { cell.colSpan = Math.max(n, 1); }
    });
    status.textContent = "Synoptic table: " + count + " of " + colBoxes.length + " witnesses shown.";
  }

  // A cell that agrees with the lemma: the markup leaves the words out of each (the note by
  // the table says them once); the script gives each its title, for the pointer and for a
  // screen reader (its description): a slice at once, the rest of a large table when the
  // browser is idle, and at once any cell the pointer or the focus reaches first.
  var AGREES = "agrees with the lemma";
  function titled(cell) { if (!cell.hasAttribute("title")) { cell.title = AGREES; } }
  var agreeing = page.querySelectorAll("table.synopsis td.lemma-cell:not([title])");
  var later = window.requestIdleCallback
    ? function (f) { window.requestIdleCallback(f); }
    : function (f) { setTimeout(f, 0); };
  var done = 0;
  function titleSome() {
    var stop = Math.min(done + 2000, agreeing.length);
    for (; done < stop; done += 1) { titled(agreeing[done]); }
    if (done < agreeing.length) { later(titleSome); }
  }
  titleSome();
  ["mouseover", "focusin"].forEach(function (type) {
    page.addEventListener(type, function (e) {
      var cell = e.target.closest && e.target.closest("table.synopsis td.lemma-cell");
      if (cell) { titled(cell); }
    });
  });

  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) { return; }
    var entry = el.closest("li.entry");
    if ((entry && entry.hidden) || el.classList.contains("off")) { reset(); }
    if (!el.hasAttribute("tabindex") && el.tabIndex < 0) { el.setAttribute("tabindex", "-1"); }
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
  }

  function stickyOffset() {
    document.documentElement.style.setProperty("--tools-h", tools.offsetHeight + "px");
  }

  tools.hidden = false;
  if (cols) { cols.hidden = false; }
  tools.addEventListener("submit", function (e) { e.preventDefault(); });
  typeBoxes.forEach(function (box) { box.addEventListener("change", apply); });
  wit.addEventListener("change", apply);
  subst.addEventListener("change", apply);
  document.getElementById("wc-reset").addEventListener("click", reset);
  document.getElementById("wc-next").addEventListener("click", function () { go(1); });
  document.getElementById("wc-prev").addEventListener("click", function () { go(-1); });
  var timer = null;
  q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  q.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      e.preventDefault();
      clearTimeout(timer);
      if (norm(q.value.trim()) !== applied) { apply(); }
      go(e.shiftKey ? -1 : 1);
    } else if (e.key === "Escape") {
      q.value = "";
      apply();
    }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "/" && !(t.closest && t.closest("input, select, textarea, button"))) {
      e.preventDefault();
      q.focus();
    }
  });
  colBoxes.forEach(function (box) { box.addEventListener("change", columns); });
  window.addEventListener("hashchange", focusTarget);
  page.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href^='#']");
    if (a && a.getAttribute("href") === location.hash) {
      e.preventDefault();
      focusTarget();
    }
  });
  if (window.ResizeObserver) {
    new ResizeObserver(stickyOffset).observe(tools);
  } else {
    window.addEventListener("resize", stickyOffset);
  }
  stickyOffset();
  apply();
  if (location.hash) { focusTarget(); }
}());
