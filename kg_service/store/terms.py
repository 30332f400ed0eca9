"""Conversions of RDF terms between the backends' own forms and rdflib terms.

Every backend hands rdflib terms to its callers, so code above the store never depends on
pyoxigraph's classes or on the SPARQL JSON results format.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

_LANG_STRING = str(RDF.langString)
_STRING = str(XSD.string)


def ox_to_rdflib(term):
    """A pyoxigraph term (or None for an unbound variable) as an rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _STRING else URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported RDF term {term!r}")


def json_to_rdflib(binding: dict | None):
    """One term of the SPARQL 1.1 Query Results JSON format as an rdflib term."""
    if binding is None:
        return None
    kind = binding["type"]
    value = binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        if datatype in (None, _STRING):
            return Literal(value)
        return Literal(value, datatype=URIRef(datatype))
    if kind == "bnode":
        return BNode(value)
    raise TypeError(f"unsupported SPARQL JSON term {binding!r}")
