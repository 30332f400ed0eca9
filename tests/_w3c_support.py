"""Runs the W3C SPARQL 1.1 query-evaluation tests through a kg-service HTTP endpoint.

Each test's data is loaded with the Graph Store Protocol (PUT /store?default, ?graph=IRI for
qt:graphData) using the admin token, its query is sent to /sparql by GET with a BASE for the
query file's location (as the manifest places it), and the answer is compared with the
expected result: solutions as multisets up to blank-node renaming, graphs by isomorphism,
booleans by value; CSV and TSV result tests ask for that format.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import RDF
from rdflib.query import Result

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "w3c-sparql11" / "sparql11"
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
RDF_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples", ".rdf": "application/rdf+xml"}
RESULT_FORMATS = {".srx": "xml", ".srj": "json", ".csv": "csv", ".tsv": "tsv"}


@dataclass(frozen=True)
class W3CTest:
    name: str
    kind: str
    query: Path
    data: tuple[Path, ...]
    graph_data: tuple[Path, ...]
    result: Path


def _path(term) -> Path:
    return Path(rdflib.util.uri_to_path(str(term)) if hasattr(rdflib.util, "uri_to_path") else
                str(term).removeprefix("file://"))


def load_tests(suite: Path = SUITE) -> list[W3CTest]:
    tests = []
    for manifest in sorted(suite.glob("*/manifest.ttl")):
        graph = rdflib.Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        for entries in graph.objects(None, MF.entries):
            for entry in rdflib.collection.Collection(graph, entries):
                kind = graph.value(entry, RDF.type)
                if kind not in (MF.QueryEvaluationTest, MF.CSVResultFormatTest):
                    continue
                action = graph.value(entry, MF.action)
                tests.append(W3CTest(
                    name=f"{manifest.parent.name}/{str(entry).rsplit('#', 1)[-1]}",
                    kind=str(kind).rsplit("#", 1)[-1],
                    query=_path(graph.value(action, QT.query)),
                    data=tuple(sorted(_path(d) for d in graph.objects(action, QT.data))),
                    graph_data=tuple(sorted(_path(d) for d in graph.objects(action, QT.graphData))),
                    result=_path(graph.value(entry, MF.result)),
                ))
    return tests


# --- comparing answers ----------------------------------------------------------------------

def _same_term(a, b, bnodes: dict) -> bool:
    if isinstance(a, rdflib.BNode) or isinstance(b, rdflib.BNode):
        if not (isinstance(a, rdflib.BNode) and isinstance(b, rdflib.BNode)):
            return False
        if a in bnodes:
            return bnodes[a] == b
        if b in bnodes.values():
            return False
        bnodes[a] = b
        return True
    if a == b:
        return True
    if isinstance(a, rdflib.Literal) and isinstance(b, rdflib.Literal) and a.datatype == b.datatype \
            and a.datatype is not None and a.language == b.language:
        try:
            return a.eq(b)  # numerically equal lexical forms (e.g. 2.0 and 2.00)
        except TypeError:
            return False
    return False


def same_solutions(expected: list[dict], actual: list[dict]) -> bool:
    """Multiset equality up to a consistent renaming of blank nodes (backtracking search)."""
    if len(expected) != len(actual):
        return False

    def match(i: int, remaining: list[dict], bnodes: dict) -> bool:
        if i == len(expected):
            return True
        row = expected[i]
        for j, candidate in enumerate(remaining):
            if set(candidate) != set(row):
                continue
            trial = dict(bnodes)
            if all(_same_term(row[k], candidate[k], trial) for k in row):
                if match(i + 1, remaining[:j] + remaining[j + 1:], trial):
                    return True
        return False

    return match(0, list(actual), {})


def _rows(result: Result) -> list[dict]:
    return [{str(k): v for k, v in row.asdict().items() if v is not None} for row in result]


def _csv_rows(text: str) -> list[dict]:
    reader = list(csv.reader(io.StringIO(text)))
    header, body = reader[0], reader[1:]
    rows = []
    for values in body:
        row = {}
        for name, value in zip(header, values):
            if value == "":
                continue
            row[name] = rdflib.BNode(value[2:]) if value.startswith("_:") else rdflib.Literal(value)
        rows.append(row)
    return rows


def _rdf_result_set(path: Path):
    """An expected result written as an RDF result set (rs:ResultSet): rows, or a boolean."""
    graph = rdflib.Graph().parse(path, format="turtle")
    result_set = graph.value(None, RDF.type, RS.ResultSet, any=True)
    if result_set is None:
        return None
    boolean = graph.value(result_set, RS.boolean)
    if boolean is not None:
        return bool(boolean.toPython())
    rows = []
    for solution in graph.objects(result_set, RS.solution):
        rows.append({str(graph.value(b, RS.variable)): graph.value(b, RS.value)
                     for b in graph.objects(solution, RS.binding)})
    return rows


def run(test: W3CTest, client, admin_token: str) -> tuple[bool, str]:
    """(passed, why not)."""
    headers = {"Authorization": f"Bearer {admin_token}"}
    answer = client.request("POST", "/sparql", data="DROP ALL", token=admin_token,
                            headers={"Content-Type": "application/sparql-update"})
    assert answer.status == 204, answer.body
    for i, data in enumerate(test.data):
        answer = client.request("PUT" if i == 0 else "POST", "/store?default", data=data.read_bytes(),
                                headers={**headers, "Content-Type": RDF_TYPES[data.suffix]})
        if answer.status >= 300:
            return False, f"loading {data.name}: {answer.status} {answer.body[:200]!r}"
    for data in test.graph_data:
        answer = client.request("PUT", "/store", params={"graph": data.as_uri()}, data=data.read_bytes(),
                                headers={**headers, "Content-Type": RDF_TYPES[data.suffix]})
        if answer.status >= 300:
            return False, f"loading {data.name}: {answer.status} {answer.body[:200]!r}"
    query = f"BASE <{test.query.as_uri()}>\n" + test.query.read_text(encoding="utf-8")
    suffix = test.result.suffix
    result_set = _rdf_result_set(test.result) if suffix == ".ttl" else None
    if result_set is not None:
        answer = client.query(query, token=admin_token)
        if answer.status != 200:
            return False, f"{answer.status}: {answer.body[:300]!r}"
        actual = Result.parse(io.BytesIO(answer.body), format="json")
        if isinstance(result_set, bool):
            return bool(actual.askAnswer) == result_set, f"expected {result_set}"
        return same_solutions(result_set, _rows(actual)), "solutions differ"
    if suffix in (".ttl", ".nt", ".rdf"):
        answer = client.query(query, accept="application/n-triples", token=admin_token)
        if answer.status != 200:
            return False, f"{answer.status}: {answer.body[:300]!r}"
        actual = rdflib.Graph().parse(data=answer.body, format="nt")
        expected = rdflib.Graph().parse(test.result, format={".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}[suffix])
        return isomorphic(actual, expected), "graphs differ"
    fmt = RESULT_FORMATS[suffix]
    accept = {"csv": "text/csv", "tsv": "text/tab-separated-values"}.get(fmt, "application/sparql-results+json")
    answer = client.query(query, accept=accept, token=admin_token)
    if answer.status != 200:
        return False, f"{answer.status}: {answer.body[:300]!r}"
    if fmt == "csv":
        expected_rows = _csv_rows(test.result.read_text(encoding="utf-8"))
        actual_rows = _csv_rows(answer.body.decode())
        return same_solutions(expected_rows, actual_rows), "CSV rows differ"
    expected = Result.parse(io.BytesIO(test.result.read_bytes()), format=fmt)
    actual = Result.parse(io.BytesIO(answer.body), format="tsv" if fmt == "tsv" else "json")
    if expected.type == "ASK":
        return actual.type == "ASK" and bool(expected.askAnswer) == bool(actual.askAnswer), \
            f"expected {expected.askAnswer}, got {actual.askAnswer}"
    if actual.type != "SELECT":
        return False, f"expected solutions, got {actual.type}"
    return same_solutions(_rows(expected), _rows(actual)), "solutions differ"


