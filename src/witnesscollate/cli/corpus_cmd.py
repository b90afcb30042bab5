"""``witnesscollate corpus``: what the bundled corpus holds."""

from __future__ import annotations

import click

from ..corpus import documents
from ._common import echo_table, library_errors


@click.group()
def corpus() -> None:
    """The bundled corpus of Lenin's last dictations and their editions."""


@corpus.command("list")
def list_documents() -> None:
    """List the corpus documents with their witnesses and base text.

    Example: witnesscollate corpus list
    """
    with library_errors():
        docs = documents()
    for doc in docs:
        click.echo(f"{doc.id}  ({doc.catalog or '-'})  {doc.title}")
        rows = [
            (
                "   " + w.siglum,
                w.language or "",
                w.date or "",
                w.attestation,
                w.description,
            )
            for w in doc.witnesses
        ]
        echo_table(rows)
        for g in doc.groups:
            click.echo(f"   group {g.name}: base {g.base}; witnesses {', '.join(g.witnesses)}")
