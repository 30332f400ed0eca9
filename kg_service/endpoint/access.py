"""Who may see which graphs, and the dataset a query actually runs on.

Callers are anonymous, inspectors or admins, by the bearer token they send (compared in
constant time). Confinement does not trust the query: the engine is always given an explicit
default graph and named-graph set built only from graphs the caller may see, whatever the
query's FROM / FROM NAMED / GRAPH or the protocol's default-graph-uri say.

A caller's default graph when neither the request nor the query names one:
  - anonymous and inspectors: the union of the graphs they may see (so `?s ?p ?o` finds the
    regulation without knowing graph names);
  - admins: the store's own default graph, as in any SPARQL store (needed for standard test
    suites and for data loaded with the Graph Store Protocol's `?default`).
"""

from __future__ import annotations

import enum
import hmac
from dataclasses import dataclass
from typing import Sequence

from ..config import Settings
from ..errors import Forbidden, Unauthorized
from ..namespaces import GRAPH_CATALOG, ID, PUBLIC_GRAPHS

DATASET_GRAPH_PREFIX = f"{ID}graph/dataset/"
FINDINGS_GRAPH_PREFIX = f"{ID}graph/findings/"


class Role(enum.IntEnum):
    ANONYMOUS = 0
    INSPECTOR = 1
    ADMIN = 2


def _same(a: str, b: str | None) -> bool:
    return bool(b) and hmac.compare_digest(a.encode(), b.encode())


def role_for(authorization: str | None, settings: Settings) -> Role:
    """The role of a request from its Authorization header. No header: anonymous. A token
    that matches no configured token is refused rather than treated as anonymous, so a
    mistyped token is noticed."""
    if not authorization or not authorization.strip():
        return Role.ANONYMOUS
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("send the token as `Authorization: Bearer TOKEN`")
    # compare against both tokens every time so timing says nothing about which one matched
    is_admin = _same(token, settings.admin_token)
    is_inspector = _same(token, settings.inspector_token)
    if is_admin:
        return Role.ADMIN
    if is_inspector:
        return Role.INSPECTOR
    raise Unauthorized("the bearer token is not valid")


def require(role: Role, needed: Role, what: str) -> None:
    if role < needed:
        if role == Role.ANONYMOUS:
            raise Unauthorized(f"{what} needs an {needed.name.lower()} token (Authorization: Bearer ...)")
        raise Forbidden(f"{what} needs an {needed.name.lower()} token")


def may_see(role: Role, graph: str) -> bool:
    if role == Role.ADMIN:
        return True
    if graph in PUBLIC_GRAPHS:
        return True
    return role == Role.INSPECTOR and (
        graph == GRAPH_CATALOG or graph.startswith(DATASET_GRAPH_PREFIX)
        or graph.startswith(FINDINGS_GRAPH_PREFIX))


def visible_graphs(role: Role, all_graphs: Sequence[str]) -> list[str]:
    """The named graphs of the store a role may read (the public ones even when still empty)."""
    graphs = list(dict.fromkeys([*PUBLIC_GRAPHS, *all_graphs]))
    return [g for g in graphs if may_see(role, g)]


@dataclass(frozen=True)
class Dataset:
    default_graph: tuple[str, ...] | None
    """None: leave it to the engine (the store default graph or the query's FROM)."""
    named_graphs: tuple[str, ...] | None


def confine(role: Role, all_graphs: Sequence[str], *,
            protocol_default: Sequence[str] = (), protocol_named: Sequence[str] = (),
            query_from: Sequence[str] = (), query_from_named: Sequence[str] = ()) -> Dataset:
    """The dataset to run a query on. The protocol's graphs replace the query's FROM clauses
    (SPARQL 1.1 Protocol, 2.1.4); a named graph the caller may not see is refused by name."""
    if protocol_default or protocol_named:
        requested = (tuple(protocol_default), tuple(protocol_named))
    elif query_from or query_from_named:
        requested = (tuple(query_from), tuple(query_from_named))
    else:
        requested = None
    if requested is not None:
        hidden = [g for g in (*requested[0], *requested[1]) if not may_see(role, g)]
        if hidden:
            who = "anonymous callers" if role == Role.ANONYMOUS else "inspectors"
            raise Forbidden(f"graph <{hidden[0]}> is not visible to {who}")
        return Dataset(*requested)
    if role == Role.ADMIN:
        return Dataset(None, None)
    visible = tuple(visible_graphs(role, all_graphs))
    return Dataset(visible, visible)
