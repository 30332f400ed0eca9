"""One run of a bearer query answers several obligations' selections (BearerCache.share):
each obligation gets the members it gets when checked alone, and the query runs once."""

from __future__ import annotations

import datetime as dt

import pytest

from _checks_support import RecordingStore, load_family
from kg_service.checks.engine import run_checks
from kg_service.checks.specs import load_specs
from kg_service.errors import StoreError

AS_OF = dt.date(2025, 1, 1)
MEMBERS_QUERY_TITLE = "# Bearers: counting members, optionally narrowed"


@pytest.fixture
def qingdao(embedded_loaded_store):
    load_family(embedded_loaded_store, "qingdao")
    specs = load_specs(embedded_loaded_store)
    codes = sorted(c for c, s in specs.items() if s.selection == "CountingMembers" and s.region is not None)
    assert len(codes) >= 3
    return embedded_loaded_store, codes


def test_one_run_answers_every_regional_member_selection(qingdao):
    store, codes = qingdao
    recording = RecordingStore(store)
    together = run_checks(recording, "qingdao", 2024, as_of=AS_OF, codes=codes)
    assert sum(text.startswith(MEMBERS_QUERY_TITLE) for text in recording.texts) == 1
    # The selections differ, so answers handed to the wrong obligation would show.
    assert len({together.summary[code].bound for code in codes}) > 1
    alone = set()
    for code in codes:
        alone |= {tuple(f.row()) for f in run_checks(store, "qingdao", 2024, as_of=AS_OF, codes=[code]).findings}
    assert {tuple(f.row()) for f in together.findings} == alone


def test_a_failed_shared_run_fails_every_obligation_waiting_on_it(qingdao):
    store, codes = qingdao
    with pytest.raises(StoreError, match="the store is gone"):
        run_checks(RecordingStore(store, fail_on=MEMBERS_QUERY_TITLE), "qingdao", 2024, as_of=AS_OF, codes=codes)


def test_one_run_answers_every_post_holder_selection(embedded_loaded_store):
    load_family(embedded_loaded_store, "leaders")
    specs = load_specs(embedded_loaded_store)
    codes = sorted(c for c, s in specs.items() if s.selection == "PostHolders")
    recording = RecordingStore(embedded_loaded_store)
    together = run_checks(recording, "leaders", 2024, as_of=AS_OF, codes=codes)
    assert sum(text.startswith("# Bearers: members who hold a post") for text in recording.texts) == 1
    assert len({together.summary[code].bound for code in codes}) > 1
    alone = set()
    for code in codes:
        alone |= {tuple(f.row()) for f in run_checks(embedded_loaded_store, "leaders", 2024, as_of=AS_OF,
                                                     codes=[code]).findings}
    assert {tuple(f.row()) for f in together.findings} == alone
