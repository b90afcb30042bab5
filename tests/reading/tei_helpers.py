"""Inline TEI documents for the reading tests."""

from __future__ import annotations

from pathlib import Path

TEI_NS = "http://www.tei-c.org/ns/1.0"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

HEADER = """<teiHeader><fileDesc>
<titleStmt><title>Test</title></titleStmt>
<publicationStmt><p>Test fixture.</p></publicationStmt>
<sourceDesc><p>Written for the tests.</p></sourceDesc>
</fileDesc>{extra}</teiHeader>"""


def tei(body: str, *, root: str = 'xml:id="A"', header: str | None = None, text: str = "") -> str:
    """A complete TEI document around ``body`` (the content of ``<body>``)."""
    head = HEADER.format(extra="") if header is None else header
    return (
        f'<TEI xmlns="{TEI_NS}" {root}>{head}'
        f"<text{(' ' + text) if text else ''}><body>{body}</body></text></TEI>"
    )


def fixture(name: str) -> Path:
    """A file in ``tests/reading/fixtures``."""
    return FIXTURES / name
