"""``python -m benchmarks.html_floor [COUNT SIZE]``: what the HTML page costs at the least.

The HTML writer's goal (issue 17) is 1 s of CPU per million base tokens at ten witnesses.
This prints, for ``COUNT`` witnesses of ``SIZE`` generated tokens (default 10 × 100,000;
:func:`benchmarks.stages.texts`), CPU seconds (best of a few) of:

- ``render_html`` itself, and per unit;
- writing a plain unit's four pieces (text mark, entry, tick, table row) with every value
  already in hand: one f-string a piece as the writer's, the row's cells by the commonest
  shape's template: the least Python a unit's markup takes;
- reading those values from the records (and the shape's key) alone;
- the page's final join (the page holds characters beyond Latin-1, so it is a string of two
  bytes a character: copying an ASCII piece into it widens every character);
- the base text's length (the strip's scale) counted, which touches every base token (a
  witness from ``load_text`` is told it).
"""

from __future__ import annotations

import dataclasses
import gc
import sys
import time
from collections.abc import Callable
from typing import Any

from witnesscollate import apparatus, collate, load_text
from witnesscollate.rendering import html
from witnesscollate.rendering.html.builder import _Builder
from witnesscollate.rendering.html.direct import _SHAPE_OF
from witnesscollate.rendering.html.markup import _escape
from witnesscollate.rendering.html.page import _direct
from witnesscollate.rendering.options import HTMLOptions

from .stages import texts


def _best(fn: Callable[[], Any], n: int) -> float:
    best = float("inf")
    for _ in range(n):
        gc.collect()
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    count, size = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (10, 100_000)
    gc.disable()  # (as render() does; building the apparatus too)
    app = apparatus(collate([load_text(f"W{k + 1}", t) for k, t in enumerate(texts(count, size))]))
    b = _Builder(app)
    d = _direct(b, None)
    assert d is not None
    d.prepare(True, True, True, True)
    shape = max(d._shapes.values(), key=lambda s: s.count[0])
    assert shape.row is not None
    constants, pick = shape.row
    _, head, refs, kind, _ = shape.variants[0]
    mark, ref, tick, attrs = shape.mark, shape.ref, shape.tick, shape.attrs
    plain = [u for u in app.units if u.parent is None and not u.content]
    length = b.length
    values = []
    for u in plain:
        lemma, last = u.readings[0], u.readings[-1]
        values.append(
            (
                u.id,
                str(u.index + 1),
                _escape(lemma.text) or "-",
                " ",
                _escape(last.text) or "om.",
                _escape(f"{lemma.text}\n{last.text}"),
                u.location.char_start,
                "2.0",
                " ¶ 3",
            )
        )

    def pieces() -> None:
        text: list[str] = []
        entries, ticks, rows = [], [], []
        for uid, n, lm, trail, vm, search, start, w, label in values:
            text += (
                f'<span id="txt-{uid}{mark}{uid}" tabindex="-1">{lm}'
                f'<a class="ref" href="#{uid}" aria-label="unit {n}{ref}{n}</a></span>',
                trail,
            )
            entries.append(
                f'<li id="{uid}" class="entry depth-0" data-unit="{uid}" {attrs}'
                f'data-text="{search}" tabindex="-1"><a class="num" href="#txt-{uid}" '
                f'title="show in the text">{n}</a> <span class="loc">{label}</span> '
                f'<span class="lemma">{lm}</span> W1] {head}{vm}{refs}{kind}</span> '
                f'<a class="to-syn" href="#syn-{uid}" title="show in the synoptic table">'
                "table</a></li>\n"
            )
            ticks.append(
                f'<a href="#{uid}" data-unit="{uid}" tabindex="-1"><title>{n}{label}: {lm}'
                f'{tick}{start / length * 1000:.1f}" y="36" width="{w}" height="22"/></a>\n'
            )
            rows += (
                f'<tr class="unit depth-0" data-unit="{uid}"><th scope="row"><a id="syn-{uid}" '
                f'class="num" href="#{uid}" data-unit="{uid}" title="unit {n} in the apparatus">'
                f"{n}</a></th>",
                "".join(pick([*constants, lm, "", vm, kind])),
            )

    shape_of = _SHAPE_OF

    def read() -> None:
        for u in plain:
            rs = u.readings
            lemma, last = rs[0], rs[-1]
            loc = u.location
            (u.scope, tuple(map(shape_of, rs)))
            (u.id, u.index, u.content, u.parent, u.type, lemma.text, lemma.ws, lemma.lacuna)  # noqa: B018
            (last.text, last.ws, last.lacuna, last.cert, loc.char_start, loc.char_end)  # noqa: B018
            (loc.paragraph, loc.page, loc.line)  # noqa: B018

    page = html.render_html(app, HTMLOptions())
    parts = [page[i : i + 500] for i in range(0, len(page), 500)]
    runs = 5 if size <= 200_000 else 2
    render = _best(lambda: html.render_html(app, HTMLOptions()), runs)
    made = _best(pieces, runs)
    taken = _best(read, runs)
    joined = _best(lambda: "".join(parts), runs)
    # (counted anew: a copy of the base witness, as a witness not made by load_text counts it)
    scale = _best(lambda: dataclasses.replace(app.base_witness).text_length, runs)
    units = len(app.units)
    print(f"{count} x {size:,}: {units:,} units, {len(plain):,} plain ones without content")
    print(f"render_html                    {render:.3f} s ({render / units * 1e6:.1f} us a unit)")
    print(f"a plain unit's four pieces     {made:.3f} s ({made / len(plain) * 1e6:.2f} us a unit)")
    print(
        f"reading their values           {taken:.3f} s ({taken / len(plain) * 1e6:.2f} us a unit)"
    )
    print(f"the page's join ({len(page) / 1e6:.1f} M chars) {joined:.3f} s")
    print(f"the base text's length, counted {scale:.3f} s (load_text tells it: 0)")


if __name__ == "__main__":
    main()
