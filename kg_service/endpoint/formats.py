"""Result formats of the endpoint and content negotiation over the Accept header.

Two families: results of SELECT/ASK (SPARQL JSON, XML, CSV, TSV) and RDF graphs of
CONSTRUCT/DESCRIBE (Turtle, N-Triples, JSON-LD, RDF/XML). The first media type of each
family is what a caller gets when the Accept header leaves the choice to the server.
"""

from __future__ import annotations

# name -> (media type, other media types accepted for it)
SOLUTION_FORMATS = {
    "json": ("application/sparql-results+json", ("application/json",)),
    "xml": ("application/sparql-results+xml", ("application/xml", "text/xml")),
    "csv": ("text/csv", ()),
    "tsv": ("text/tab-separated-values", ()),
}
GRAPH_FORMATS = {
    "turtle": ("text/turtle", ("application/x-turtle",)),
    "ntriples": ("application/n-triples", ("text/plain",)),
    "jsonld": ("application/ld+json", ("application/json",)),
    "rdfxml": ("application/rdf+xml", ("application/xml", "text/xml")),
}


def _parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry of an Accept header; malformed q counts as 1."""
    if not header or not header.strip():
        return [("*/*", 1.0, 0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 1.0
        ranges.append((media, q, position))
    return ranges or [("*/*", 1.0, 0)]


def _match_quality(media_range: str, media_type: str) -> int:
    """How specifically a range matches a type: 3 exact, 2 type/*, 1 */*, 0 no match."""
    if media_range == media_type:
        return 3
    main, _, sub = media_range.partition("/")
    if sub == "*" and media_type.startswith(main + "/"):
        return 2
    if media_range == "*/*" or media_range == "*":
        return 1
    return 0


def negotiate(accept: str | None, formats: dict) -> str | None:
    """The name of the best format of `formats` for an Accept header, or None if none is
    acceptable. Among equally wanted formats the server's order decides."""
    ranges = _parse_accept(accept)
    best, best_key = None, None
    for order, (name, (media, aliases)) in enumerate(formats.items()):
        for candidate in (media, *aliases):
            # the most specific matching range sets the quality (RFC 9110, 12.5.1)
            matches = [(_match_quality(r, candidate), q, pos) for r, q, pos in ranges]
            matches = [m for m in matches if m[0] > 0]
            if not matches:
                continue
            specificity, q, pos = max(matches, key=lambda m: (m[0], -m[2]))
            if q <= 0:
                continue
            key = (q, specificity, -order)
            if best_key is None or key > best_key:
                best, best_key = name, key
    return best


def media_type(name: str) -> str:
    return {**SOLUTION_FORMATS, **GRAPH_FORMATS}[name][0]


def offered(formats: dict) -> list[str]:
    return [media for media, _ in formats.values()]
