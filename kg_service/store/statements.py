"""The store's own SPARQL (catalog reads and updates), kept in queries/catalog/ as files.

Parameters are bound as typed RDF terms in a VALUES block placed at the start of the WHERE
group, never by formatting values into the text, with the same functions that bind the
research and check queries (kg_service.queries, which does not depend on the store).
"""

from __future__ import annotations

import functools

from rdflib import Literal, URIRef

from ..queries import insert_values_block, sparql_term, values_block
from ..resources import queries_dir


@functools.cache
def _text(name: str) -> str:
    return (queries_dir() / "catalog" / name).read_text(encoding="utf-8")


def bound(statement: str, /, **params: URIRef | Literal) -> str:
    """The statement in queries/catalog/`statement` with `params` bound, e.g. dataset=URIRef(...)."""
    text = _text(statement)
    if not params:
        return text
    block = values_block(list(params), [[sparql_term(term) for term in params.values()]])
    return insert_values_block(text, block, f"catalog/{statement}")
