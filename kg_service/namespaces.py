"""The IRIs the service mints and the vocabularies it reuses, in one place.

Every IRI is built here so that the ontology, the seed graph, the importers, the checks and
the web layer agree on them. Ids from users' spreadsheets are opaque strings, so they are
percent-encoded before they become part of an IRI.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

BASE = "https://w3id.org/party-kg/"

KG = Namespace(BASE + "ontology#")
"""Classes and properties of the service's own ontology."""
ID = Namespace(BASE + "id/")
"""Everything the service mints: regulation parts, obligations, records, runs, findings."""
CODE = Namespace(BASE + "code/")
"""Code lists of the data contract: code/{list}/{code}, e.g. code/meeting-kind/democratic_life."""

ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES = {
    "kg": KG,
    "id": ID,
    "code": CODE,
    "org": ORG,
    "eli": ELI,
    "oa": OA,
    "odrl": ODRL,
    "prov": PROV,
    "time": TIME,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
}

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def segment(value: str) -> str:
    """Percent-encode a user-supplied id so it is one safe IRI path segment."""
    return quote(value, safe="-._~")


def code_iri(code_list: str, code: str) -> str:
    """IRI of one code of a code list of the contract, e.g. ('meeting-kind', 'democratic_life')."""
    return f"{CODE}{code_list}/{code}"


# --- named graphs -------------------------------------------------------------------------

GRAPH_ONTOLOGY = f"{ID}graph/ontology"
"""Public: the ontology, code lists and shapes."""
GRAPH_REGULATION = f"{ID}graph/regulation"
"""Public: the text of the articles and local rules, clauses, obligations and their groundings."""
GRAPH_CATALOG = f"{ID}graph/catalog"
"""Private: which datasets exist and which graph holds each one's current version."""
PUBLIC_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_REGULATION)


def dataset_iri(dataset: str) -> str:
    return f"{ID}dataset/{segment(dataset)}"


def dataset_graph(dataset: str, version: str) -> str:
    """A dataset's records are written once per import into a fresh graph named by version."""
    return f"{ID}graph/dataset/{segment(dataset)}/{segment(version)}"


def findings_graph(dataset: str) -> str:
    """The parent name of a dataset's findings graphs (and the one graph of stores written
    before findings graphs were versioned); the graph in force is the catalog's
    kg:currentFindingsGraph (store.catalog.findings_graph)."""
    return f"{ID}graph/findings/{segment(dataset)}"


def findings_version_graph(dataset: str, version: str) -> str:
    """Each new state of a dataset's runs and findings is written into a fresh graph named by version."""
    return f"{findings_graph(dataset)}/{segment(version)}"


# --- records of a dataset -------------------------------------------------------------------

def record_iri(dataset: str, kind: str, record_id: str) -> str:
    """IRI of one record: kind is org, member, post, meeting, attendance, event, care, training."""
    return f"{ID}dataset/{segment(dataset)}/{kind}/{segment(record_id)}"


# --- the regulation ---------------------------------------------------------------------------

REGULATION = f"{ID}regulation/basic-org-work"


def article_iri(number: int) -> str:
    return f"{ID}article/{number}"


def local_rule_iri(rule: str) -> str:
    return f"{ID}local-rule/{rule}"


def clause_iri(parent_iri: str, ordinal: int) -> str:
    return f"{parent_iri}/clause/{ordinal}"


def region_iri(region: str) -> str:
    return f"{ID}region/{region}"


def obligation_iri(code: str) -> str:
    return f"{ID}obligation/{code}"


# --- check runs and findings -------------------------------------------------------------------

def finding_iri(dataset: str, year: int, code: str, subject_id: str, period: str) -> str:
    """Stable: the same obligation instance gets the same IRI in every run of that year."""
    return f"{ID}dataset/{segment(dataset)}/finding/{year}/{segment(code)}/{segment(subject_id)}/{segment(period)}"


def findings_prefix(dataset: str, year: int, code: str) -> str:
    return f"{ID}dataset/{segment(dataset)}/finding/{year}/{segment(code)}/"


def run_iri(dataset: str, run_id: str) -> str:
    return f"{ID}dataset/{segment(dataset)}/run/{segment(run_id)}"


def query_iri(name: str) -> str:
    """A named query of queries/ (e.g. checks/training), as a resource runs say they used."""
    return f"{ID}query/{name}"
