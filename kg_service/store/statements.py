"""The store's own SPARQL (catalog reads and updates), kept in queries/catalog/ as files.

Parameters are bound as typed RDF terms in a VALUES block placed at the start of the WHERE
group, never by formatting values into the text. (kg_service.queries does the same for the
research and check queries; the store sits below it, so it has this small reader of its own.)
"""

from __future__ import annotations

import functools
import re

from rdflib.term import Identifier

from ..resources import queries_dir

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@functools.cache
def _text(name: str) -> str:
    return (queries_dir() / "catalog" / name).read_text(encoding="utf-8")


def bound(statement: str, /, **params: Identifier) -> str:
    """The statement in queries/catalog/`statement` with `params` bound, e.g. dataset=URIRef(...)."""
    text = _text(statement)
    if not params:
        return text
    names = " ".join(f"?{k}" for k in params)
    values = " ".join(term.n3() for term in params.values())
    block = f"VALUES ({names}) {{ ({values}) }}\n"
    match = _WHERE.search(text)
    if match is None:
        raise ValueError(f"queries/catalog/{statement} has no WHERE clause to bind parameters in")
    return text[:match.end()] + "\n  " + block + text[match.end():]
