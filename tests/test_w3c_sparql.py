"""The W3C SPARQL 1.1 query-evaluation tests, run through /sparql over real HTTP.

Data goes in through the Graph Store Protocol (/store) with the admin token. The suite lives
in ../shared/w3c-sparql11 beside the repository; without it these tests are skipped.
`oxigraph serve` passes 205 of the 235; anything this endpoint fails beyond the engine's own
known failures would be the web layer's fault.
"""

from __future__ import annotations

import pytest

from _endpoint_support import ADMIN, serve
from _w3c_support import SUITE, load_tests, run

pytestmark = pytest.mark.skipif(not SUITE.is_dir(), reason=f"W3C SPARQL 1.1 suite not found at {SUITE}")

ENGINE_FAILURES = {
    # pyoxigraph 0.5.13 itself answers these differently from the W3C expectation (the same
    # answers come from pyoxigraph in process, without HTTP):
    "aggregates/agg-groupconcat-04": "GROUP_CONCAT keeps the common language tag",
    "aggregates/agg-groupconcat-06": "GROUP_CONCAT keeps the common language tag",
    "aggregates/agg-empty-group-count-graph": "empty group inside GRAPH ?g",
    "bindings/graph": "VALUES with GRAPH ?g",
    "exists/exists-graph-variable": "EXISTS inside GRAPH ?g",
    "negation/graph-minus": "MINUS inside GRAPH ?g returns no rows",
    "functions/bnode01": "BNODE(str) scoping per solution",
    "property-path/zero_or_more_set_start": "zero-length paths over a fixed subject set",
    "property-path/zero_or_more_set_end": "zero-length paths over a fixed object set",
    "property-path/zero_or_one_set_start": "zero-length paths over a fixed subject set",
    "property-path/zero_or_one_set_end": "zero-length paths over a fixed object set",
    "csv-tsv-res/csv03": "CSV of typed literals (lexical form of numbers)",
    "csv-tsv-res/tsv03": "TSV of typed literals (abbreviated numbers)",
}
TESTS = load_tests() if SUITE.is_dir() else []
RESULTS: dict[str, bool] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("w3c") / "store", sample=False, max_result_rows=1_000_000,
               query_timeout_s=120.0, max_request_bytes=10_000_000) as running:
        yield running


@pytest.mark.parametrize("test", [
    pytest.param(t, id=t.name, marks=[pytest.mark.xfail(reason=ENGINE_FAILURES[t.name], strict=False)]
                 if t.name in ENGINE_FAILURES else [])
    for t in TESTS])
def test_w3c_query_evaluation(server, test):
    passed, why = run(test, server.client, ADMIN)
    RESULTS[test.name] = passed
    assert passed, why


def test_at_least_as_many_pass_as_with_oxigraph_serve(server):
    if len(RESULTS) < len(TESTS):
        pytest.skip("run together with the whole W3C suite")
    passed = sum(RESULTS.values())
    assert len(TESTS) == 235
    assert passed >= 205, f"{passed} of {len(TESTS)} passed"
