"""Running a caller's query on a remote SPARQL endpoint (the `remote` backend).

The confined dataset travels as the protocol's default-graph-uri / named-graph-uri, which
override the query's FROM clauses at the remote end. The answer is asked for in one format
per kind (SPARQL JSON for solutions, N-Triples for graphs), read as a stream and parsed, so
that the row limit holds here as on the embedded store (reading stops, and the connection is
closed, at the first row over it) and so that an answer the remote broke off is never passed
on as a 200; it is then written in the caller's format by the same code as the workers use.

Stopping: our side gives up at `query_timeout_s` (counted over the whole answer, not per
read) and closes the connection. A SPARQL endpoint has no standard way to be told to stop,
and `oxigraph serve` keeps evaluating a query whose client went away; its work ends only by
its own `--timeout-s`, which should be set to at most our `query_timeout_s`. When it cancels a
query it writes "The SPARQL operation has been cancelled" into the started answer; that is
recognised and answered as a timeout (503 `query_timeout`).
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from ..config import Settings
from ..errors import QuerySyntaxError, QueryTimeout, ResultTooLarge, StoreError
from .access import Dataset
from .formats import media_type
from .results import serialize_boolean, serialize_solutions, serialize_triples

SOLUTIONS_TYPE = "application/sparql-results+json"
GRAPH_TYPE = "application/n-triples"
CANCELLED = b"has been cancelled"
"""What oxigraph serve writes into an answer it stopped at its --timeout-s."""


class _Reading:
    """The response body as a file for pyoxigraph's parsers: keeps the last bytes read (to
    tell a cancelled answer from a malformed one) and gives up at the deadline."""

    def __init__(self, response, deadline: float, timeout_s: float):
        self.response = response
        self.deadline = deadline
        self.timeout_s = timeout_s
        self.tail = b""

    def read(self, size: int = -1) -> bytes:
        if time.monotonic() > self.deadline:
            raise QueryTimeout(f"the remote endpoint did not finish its answer within {self.timeout_s:g} s")
        block = self.response.read(size if size and size > 0 else 1 << 16)
        self.tail = (self.tail + block)[-256:]
        return block

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise QueryTimeout(f"the remote endpoint did not finish its answer within {self.timeout_s:g} s")


def _params(text: str, dataset: Dataset) -> list[tuple[str, str]]:
    params = [("query", text)]
    params += [("default-graph-uri", g) for g in dataset.default_graph or ()]
    params += [("named-graph-uri", g) for g in dataset.named_graphs or ()]
    # the protocol cannot say "no graph": use a graph name that cannot exist
    if dataset.default_graph == ():
        params.append(("default-graph-uri", "urn:kg-service:empty"))
    if dataset.named_graphs == () and dataset.default_graph is not None:
        params.append(("named-graph-uri", "urn:kg-service:empty"))
    return params


def run_remote(settings: Settings, text: str, dataset: Dataset, solutions_format, graph_format):
    from .protocol import QueryFailed

    accept = ", ".join(t for t, f in ((SOLUTIONS_TYPE, solutions_format), (GRAPH_TYPE, graph_format)) if f)
    request = urllib.request.Request(
        settings.remote_query_url, data=urllib.parse.urlencode(_params(text, dataset)).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    timeout = settings.query_timeout_s
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
            body = _Reading(response, deadline, timeout)
            try:
                return _translate(body, content_type, settings.max_result_rows, solutions_format, graph_format)
            except SyntaxError as exc:
                if CANCELLED in body.tail:
                    raise QueryTimeout("the remote endpoint stopped the query at its own time limit "
                                       "(its --timeout-s)") from None
                raise QueryFailed(f"the remote endpoint's answer does not parse as {content_type}: {exc}") from None
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:2000]
        if exc.code == 400:
            raise QuerySyntaxError(f"the remote endpoint refused the query: {detail}") from None
        raise QueryFailed(f"the remote endpoint answered {exc.code}: {detail}") from None
    except (socket.timeout, TimeoutError):
        raise QueryTimeout(f"the remote endpoint did not answer within {timeout:g} s") from None
    except urllib.error.URLError as exc:
        raise StoreError(f"the remote endpoint {settings.remote_query_url} cannot be reached: {exc.reason}") from None


def _translate(body: _Reading, content_type: str, max_rows: int, solutions_format, graph_format):
    """Parse the remote answer (stopping at the row limit) and write it in the caller's format."""
    from .protocol import QueryFailed, Result

    if content_type == SOLUTIONS_TYPE and solutions_format:
        result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(result, ox.QueryBoolean):
            return Result(serialize_boolean(bool(result), solutions_format), media_type(solutions_format), "boolean")
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) == max_rows:
                raise ResultTooLarge(f"the query returns more than {max_rows} rows; "
                                     "add LIMIT (and OFFSET to page) to ask for fewer")
            body.check_time()
            rows.append(tuple(solution[v] for v in variables))
        return Result(serialize_solutions(variables, rows, solutions_format), media_type(solutions_format),
                      "solutions")
    if content_type == GRAPH_TYPE and graph_format:
        triples = []
        for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
            if len(triples) == max_rows:
                raise ResultTooLarge(f"the query returns more than {max_rows} triples; add LIMIT to ask for fewer")
            body.check_time()
            triples.append(quad.triple)
        return Result(serialize_triples(triples, graph_format), media_type(graph_format), "graph")
    raise QueryFailed(f"the remote endpoint answered {content_type or 'no content type'}, "
                      f"not the {' or '.join(t for t, f in ((SOLUTIONS_TYPE, solutions_format), (GRAPH_TYPE, graph_format)) if f)} asked for")
