"""Run the checks of a year over one dataset: obligations -> instances -> measures -> findings.

`run_checks` is what the CLI and the web layer call. It reads the obligations from the
regulation graph, the records from the dataset's current graph, compares each measure with
its threshold, decides compliant / violated / pending against the as-of date (§2), and
stores the run with its findings (see kg_service.checks.provenance).
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Callable, Iterable, Mapping

from ..errors import InputError
from ..store import catalog
from ..store.base import Store
from .calendar import CheckYear
from .collector import collector_paused
from .findings import Finding
from .bearer_cache import BearerCache
from .instances import select_instances, shared_selections
from .measure_sharing import shared_measures
from .measures import evidence_of, kind_of, kind_values, measure
from .parameters import ParameterValue, resolve_parameters
from .specs import ObligationSpec, load_specs

WORKERS = min(8, 3 * (os.cpu_count() or 2))
"""Obligations checked at once. More than the cores: a query spends much of its time waiting
on the store's index look-ups, so threads overlap (100k members, 2 cores, best of three
interleaved runs: 2 threads 14.1 s, 3 threads 14.0 s, 4 threads 14.4 s, 6 threads 13.2 s)."""


@dataclass
class Summary:
    bound: int = 0
    met: int = 0
    violated: int = 0
    pending: int = 0


@dataclass
class CheckRun:
    dataset: str
    dataset_graph: str
    year: int
    as_of: dt.date
    started: dt.datetime
    ended: dt.datetime | None = None
    codes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Every instance, compliant ones included, in the stable order (see findings.py): the
    codes are checked in sorted order, each obligation's findings sorted by subject and period."""
    summary: dict[str, Summary] = field(default_factory=dict)
    parameters: dict[tuple[str, str], ParameterValue] = field(default_factory=dict)
    queries: list[str] = field(default_factory=list)
    iri: str = ""
    compliant_evidence: bool = False
    """Whether compliant findings carry their evidence too (run_checks(include_compliant=True)),
    so that they can be reported and stored."""

    def reported(self, include_compliant: bool) -> list[Finding]:
        if include_compliant and not self.compliant_evidence:
            raise ValueError("this run listed evidence only for the non-compliant findings; run the "
                             "checks with include_compliant=True to report or store the compliant ones")
        return [f for f in self.findings if include_compliant or f.status != "compliant"]


def evaluate(spec: ObligationSpec, threshold: Decimal, observed: Decimal | None,
             window_end: dt.date, as_of: dt.date) -> str:
    """compliant when met; otherwise violated once the window has closed on or before as-of."""
    comparison = spec.comparison
    if comparison == "AtLeast":
        met = observed is not None and observed >= threshold
    elif comparison in ("AtMost", "Within"):  # Within: days to the first record, none if too late
        met = observed is not None and observed <= threshold
    else:
        raise InputError(f"obligation {spec.code}: unknown comparison {comparison!r} in its check specification")
    if met:
        return "compliant"
    return "violated" if window_end <= as_of else "pending"


def run_checks(store: Store, dataset: str, year: int, *, as_of: dt.date | None = None,
               codes: Iterable[str] | None = None, config_parameters: Mapping[str, str] | None = None,
               run_parameters: Mapping[str, str] | None = None, include_compliant: bool = False,
               progress: Callable[[str], None] | None = None) -> CheckRun:
    """Check `dataset` for `year`; nothing is stored (see provenance.record_run).

    Every finding is made; the records counted (the evidence) are listed for the non-compliant
    ones, and for the compliant ones too when `include_compliant` (they are to be reported or
    stored): listing them for every finding costs about a fifth more time at 100k members."""
    if not 1900 <= year <= 9999:
        raise InputError(f"--year {year}: expected a year such as 2024")
    graph = catalog.current_graph(store, dataset)
    specs = load_specs(store)
    if not specs:
        raise InputError("the regulation graph has no check specifications; is seed/checks.ttl loaded?")
    chosen = list(codes or specs)
    unknown = [c for c in chosen if c not in specs]
    if unknown:
        raise InputError(f"unknown obligation code(s) {', '.join(unknown)}; valid codes: {', '.join(specs)}")
    parameters = resolve_parameters(specs, config_parameters, run_parameters)
    run = CheckRun(dataset, graph, year, as_of or dt.date.today(), dt.datetime.now(dt.timezone.utc),
                   codes=sorted(set(chosen)), parameters=parameters, compliant_evidence=include_compliant)
    calendar = CheckYear(year)
    cache = BearerCache(store, graph)
    # Obligations that count the same records share one reading of them, without evidence; a
    # run that lists evidence for every finding reads them per obligation, with the records.
    shared = {} if include_compliant else shared_measures(
        store, graph, [(specs[code], kind_values(specs[code], calendar, _threshold(specs[code], run)))
                       for code in run.codes])
    # The store answers queries in parallel (pyoxigraph releases the GIL while it evaluates),
    # so the obligations are checked by a few threads; results are merged in code order.
    with collector_paused(), ThreadPoolExecutor(max_workers=WORKERS) as pool:
        cache.share(pool, [(code, *selection) for code in run.codes
                           for selection in shared_selections(specs[code], calendar, _parameter_values(run, code))])
        futures = {code: pool.submit(_check_one, store, graph, specs[code], calendar, run, cache, shared.get(code))
                   for code in run.codes}
        for number, future in enumerate(as_completed(futures.values()), start=1):
            future.result()
            if progress:
                progress(f"[{number}/{len(run.codes)}] obligations checked")
        for code in run.codes:
            findings, summary, queries = futures[code].result()
            run.findings.extend(findings)
            run.summary[code] = summary
            run.queries.extend(q for q in queries if q not in run.queries)
    run.ended = dt.datetime.now(dt.timezone.utc)
    return run


def _threshold(spec: ObligationSpec, run: CheckRun) -> Decimal:
    param = spec.threshold_parameter
    return run.parameters[(spec.code, param.name)].value if param else Decimal(str(spec.one("fixedThreshold", 1)))


def _check_one(store, graph, spec: ObligationSpec, calendar: CheckYear, run: CheckRun, cache, shared):
    """One obligation's findings, its summary, and the names of the queries it ran."""
    threshold = _threshold(spec, run)
    used = _parameters_used(run, spec.code)
    instances = select_instances(spec, calendar, cache, threshold, _parameter_values(run, spec.code))
    kind = kind_of(spec)
    measured, queries = (measure(store, graph, spec, calendar, threshold, instances,
                                 evidence=run.compliant_evidence, shared=shared)
                         if instances else ({}, []))
    summary = Summary()
    findings = []
    for instance in instances:
        m = measured.get(kind.group_key(instance.key))
        if m is not None:
            observed, evidence = m.observed, m.evidence
        elif spec.comparison == "Within":
            observed, evidence = None, ()
        else:
            observed, evidence = Decimal(0), ()
        status = evaluate(spec, threshold, observed, instance.window_end, run.as_of)
        summary.bound += 1
        if status == "compliant":
            summary.met += 1
        elif status == "violated":
            summary.violated += 1
        else:
            summary.pending += 1
        findings.append(Finding(spec.code, instance.subject_id, instance.period, status, threshold, observed,
                                spec.article, spec.rule, subjects=instance.subjects, event=instance.event,
                                evidence=evidence, window_end=instance.window_end.isoformat(), parameters=used))
    # The records of the non-compliant findings, when they were counted without them: a
    # second, small query over those instances only.
    unlisted = [(instance, f) for instance, f in zip(instances, findings)
                if f.evidence is None and f.status != "compliant"]
    if unlisted:
        listed = evidence_of(store, graph, spec, calendar, threshold, [instance for instance, _ in unlisted])
        for instance, f in unlisted:
            f.evidence = listed.get(kind.group_key(instance.key), ())
    # Each obligation orders its own findings, in its thread, and the run joins them in code
    # order: the stable order of findings.py, without sorting 150k findings at the end, when
    # only one core was busy (0.5 s at 100k members).
    findings.sort(key=attrgetter("subject_id", "period"))
    return findings, summary, [*cache.queries_of(spec.code), *queries]


def _parameters_used(run: CheckRun, code: str) -> tuple[ParameterValue, ...]:
    return tuple(v for (owner, _), v in sorted(run.parameters.items()) if owner == code)


def _parameter_values(run: CheckRun, code: str) -> dict[str, Decimal]:
    """An obligation's parameter values in force for the run, by parameter name."""
    return {v.spec.name: v.value for v in _parameters_used(run, code)}
