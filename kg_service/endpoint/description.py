"""The SPARQL 1.1 Service Description answered on a plain GET of the endpoint."""

from __future__ import annotations

from typing import Sequence

from .formats import GRAPH_FORMATS, SOLUTION_FORMATS

_FORMAT_IRIS = {
    "json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "turtle": "http://www.w3.org/ns/formats/Turtle",
    "ntriples": "http://www.w3.org/ns/formats/N-Triples",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "rdfxml": "http://www.w3.org/ns/formats/RDF_XML",
}


def service_description(endpoint_url: str, visible_graphs: Sequence[str], updates: bool) -> str:
    """Turtle describing the endpoint, with the named graphs the caller may query."""
    languages = ["sd:SPARQL11Query"] + (["sd:SPARQL11Update"] if updates else [])
    formats = ", ".join(f"<{_FORMAT_IRIS[f]}>" for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS))
    graphs = "".join(f"\n        sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ] ;"
                     for g in visible_graphs)
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

[] a sd:Service ;
    rdfs:label "kg-service SPARQL 1.1 endpoint"@en, "党组织工作条例知识图谱 SPARQL 端点"@zh ;
    sd:endpoint <{endpoint_url}> ;
    sd:supportedLanguage {", ".join(languages)} ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [ a sd:Dataset ;
        rdfs:comment "Without FROM or default-graph-uri the default graph is the union of the graphs you may see (for admins: the store's default graph)." ;{graphs}
        sd:defaultGraph [ a sd:Graph ] ] .
"""
