"""Where the ontology, seed and query files are, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The directory `ontology`, `seed` or `queries`.

    An installed wheel carries them in kg_service/_data/; a source checkout (and an editable
    install) has them beside the package.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the {name}/ directory is missing from this installation ({_PACKAGE})")


def ontology_dir() -> Path:
    return resource_dir("ontology")


def seed_dir() -> Path:
    return resource_dir("seed")


def queries_dir() -> Path:
    return resource_dir("queries")
