"""The Jupyter tour (``examples/letter-to-the-congress.ipynb``) runs from top to bottom."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "letter-to-the-congress.ipynb"


def _texts(nb: Any) -> str:
    """Every output of every code cell, as one string (text, HTML and stream output)."""
    parts: list[str] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out["text"])
            for mime in ("text/plain", "text/html"):
                value = out.get("data", {}).get(mime)
                if value:
                    parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def test_notebook_is_stored_without_outputs() -> None:
    raw = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == []
            assert cell["execution_count"] is None


@pytest.mark.slow
def test_notebook_runs_and_shows_the_key_readings(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    # find_spec, not importorskip: importing ipykernel would load IPython into this process,
    # and another test checks that our _repr_html_ never does.
    if importlib.util.find_spec("ipykernel") is None:
        pytest.skip("ipykernel is not installed")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError if any cell fails
    errors = [
        out
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert errors == []
    text = _texts(nb)
    for reading in ("Вами", "вами", "«судей»", "судеб", "наша партия", "такой"):
        assert reading in text, reading
    assert "ему → им: introduced in PSS, proposed in NOTE, silent" in text
    assert "slip of the pen" in text
    assert "<svg" in text  # the report's chart, through _repr_html_
    images = [
        out
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    ]
    assert len(images) == 1  # the matplotlib plot
    assert list(tmp_path.iterdir()) == []  # the tour writes no files
    # The alignment table, the apparatus and the report are shown as HTML.
    for start in ("collation = wc.collate", "apparatus = collation.apparatus", "report = wc."):
        (cell,) = [c for c in nb.cells if c.source.startswith(start)]
        assert any("text/html" in out.get("data", {}) for out in cell.outputs), start
