"""``python -m witnesscollate`` runs the command-line interface."""

from .cli import main

main()
