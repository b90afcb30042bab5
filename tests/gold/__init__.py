"""Gold files for the apparatus and the alteration report (see README.md); ``from gold import load_all``."""

from .gold import (
    CLASSES,
    FOLDER,
    SCHEMA,
    STATUSES,
    Alteration,
    Gold,
    Locus,
    NotEncodable,
    Reading,
    catalog_id,
    load,
    load_all,
)

__all__ = [
    "CLASSES",
    "FOLDER",
    "SCHEMA",
    "STATUSES",
    "Alteration",
    "Gold",
    "Locus",
    "NotEncodable",
    "Reading",
    "catalog_id",
    "load",
    "load_all",
]
