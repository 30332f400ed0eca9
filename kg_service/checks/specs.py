"""The obligations as the check engine needs them, read from the regulation graph.

Each obligation's check specification (seed/checks.ttl) says which kind of check tests it,
who it binds and with which codes; its parameters (seed/regulation.ttl) give the numbers.
Nothing here is specific to one obligation: a new obligation of a known kind is new data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Mapping

from .. import namespaces as ns
from ..queries import run_query
from ..store.base import Store

KG = ns.KG


@dataclass(frozen=True)
class ParameterSpec:
    iri: str
    name: str
    default: Decimal
    is_interpretation: bool
    word: str | None


@dataclass
class ObligationSpec:
    iri: str
    code: str
    rule: str
    """national, yichun or qingdao (the last segment of the code:rule/... IRI)."""
    article: str
    """The article's Chinese label, as findings carry it (第十九条 / 第二十条)."""
    region: str | None
    """The region IRI a local rule binds in; None for a national obligation."""
    properties: dict[str, list] = field(default_factory=dict)
    """The check specification: property local name -> its values (rdflib terms)."""
    parameters: dict[str, ParameterSpec] = field(default_factory=dict)

    def one(self, name: str, default=None):
        values = self.properties.get(name, [])
        return values[0] if values else default

    def all(self, name: str) -> list:
        return sorted(self.properties.get(name, []))

    # The names below are asked for every instance (150k times at 100k members): read once.
    @cached_property
    def kind(self) -> str:
        return _local(self.one("checkKind"))

    @cached_property
    def selection(self) -> str:
        return _local(self.one("bearerSelection"))

    @cached_property
    def comparison(self) -> str:
        return _local(self.one("comparison"))

    @property
    def threshold_parameter(self) -> ParameterSpec | None:
        iri = self.one("threshold")
        if iri is None:
            return None
        for param in self.parameters.values():
            if param.iri == str(iri):
                return param
        return None

    def number(self, name: str, parameters: Mapping[str, Decimal]) -> Decimal | None:
        """A numeric setting of the check specification: a number written in it, or one of the
        obligation's parameters, whose value in force for the run is taken from `parameters`."""
        term = self.one(name)
        if term is None:
            return None
        for param in self.parameters.values():
            if param.iri == str(term):
                return parameters[param.name]
        return Decimal(str(term))

    @property
    def interpretations(self) -> list[ParameterSpec]:
        return [p for p in self.parameters.values() if p.is_interpretation]


def _local(term) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def load_specs(store: Store) -> dict[str, ObligationSpec]:
    """Every obligation that has a check specification, by code."""
    graphs = [ns.GRAPH_REGULATION]
    specs: dict[str, ObligationSpec] = {}
    for row in run_query(store, "checks/obligations", default_graph=graphs).dicts():
        region = row.get("region")
        specs[str(row["code"])] = ObligationSpec(
            iri=str(row["obligation"]), code=str(row["code"]), rule=_local(row["rule"]),
            article=str(row["articleLabel"]), region=str(region) if region is not None else None)
    properties: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in run_query(store, "checks/specifications", default_graph=graphs).dicts():
        prop = str(row["property"])
        if prop.startswith(str(KG)):
            properties[str(row["code"])][prop[len(str(KG)):]].append(row["value"])
    by_iri = {spec.iri: spec for spec in specs.values()}
    for row in run_query(store, "checks/parameters", default_graph=graphs).dicts():
        spec = by_iri.get(str(row["obligation"]))
        if spec is None:
            continue
        word = row.get("word")
        spec.parameters[str(row["name"])] = ParameterSpec(
            iri=str(row["parameter"]), name=str(row["name"]), default=Decimal(str(row["default"])),
            is_interpretation=bool(row["isInterpretation"].toPython()), word=str(word) if word else None)
    checked = {}
    for code, spec in specs.items():
        if code in properties:
            spec.properties = {k: list(v) for k, v in properties[code].items()}
            checked[code] = spec
    return dict(sorted(checked.items()))

