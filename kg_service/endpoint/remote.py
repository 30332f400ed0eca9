"""Running a caller's query on a remote SPARQL endpoint (the `remote` backend).

The confined dataset travels as the protocol's default-graph-uri / named-graph-uri, which
override the query's FROM clauses at the remote end; the HTTP call has the query timeout.
The remote server stops its own work by its own timeout (e.g. `oxigraph serve --timeout-s`).
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request

from ..config import Settings
from ..errors import QuerySyntaxError, QueryTimeout, StoreError
from .access import Dataset
from .formats import media_type


def run_remote(settings: Settings, text: str, dataset: Dataset, solutions_format, graph_format):
    from .protocol import QueryFailed, Result

    params = [("query", text)]
    params += [("default-graph-uri", g) for g in dataset.default_graph or ()]
    params += [("named-graph-uri", g) for g in dataset.named_graphs or ()]
    if dataset.default_graph == () or (dataset.named_graphs == () and dataset.default_graph is not None):
        # the protocol cannot say "no graph": use a graph name that cannot exist
        params += [("default-graph-uri", "urn:kg-service:empty")] if dataset.default_graph == () else []
        params += [("named-graph-uri", "urn:kg-service:empty")] if dataset.named_graphs == () else []
    accept = ", ".join(media_type(f) for f in (solutions_format, graph_format) if f)
    request = urllib.request.Request(
        settings.remote_query_url, data=urllib.parse.urlencode(params).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=settings.query_timeout_s) as response:
            body = response.read()
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:2000]
        if exc.code == 400:
            raise QuerySyntaxError(f"the remote endpoint refused the query: {detail}") from None
        raise QueryFailed(f"the remote endpoint answered {exc.code}: {detail}") from None
    except (socket.timeout, TimeoutError):
        raise QueryTimeout(f"the remote endpoint did not answer within {settings.query_timeout_s:g} s") from None
    except urllib.error.URLError as exc:
        raise StoreError(f"the remote endpoint {settings.remote_query_url} cannot be reached: {exc.reason}") from None
    kind = "graph" if graph_format and content_type == media_type(graph_format) else "solutions"
    return Result(body, content_type, kind)
