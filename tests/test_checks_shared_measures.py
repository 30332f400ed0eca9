"""Obligations that count the same records of the same bearers share one reading of them
(kg_service.checks.measure_sharing): each bearer's training is read once for member-training,
youth-study and secretary-rotation, and each obligation gets what it gets alone."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from _checks_support import RecordingStore, load_family
from kg_service.checks.engine import run_checks
from kg_service.errors import StoreError

AS_OF = dt.date(2025, 1, 1)
TRAINING = ("member-training", "youth-study", "secretary-rotation")
TRAINING_TITLE = "# Measure: training of a kind"


def _bearers_asked(texts) -> list[str]:
    return [b for text in texts if text.startswith(TRAINING_TITLE)
            for b in re.findall(r"\(<([^>]+/member/[^>]+)>", text)]


@pytest.fixture
def qingdao(embedded_loaded_store):
    load_family(embedded_loaded_store, "qingdao")
    return embedded_loaded_store


def test_the_training_obligations_read_each_bearers_training_once(qingdao):
    recording = RecordingStore(qingdao)
    together = run_checks(recording, "qingdao", 2024, as_of=AS_OF, codes=list(TRAINING))
    asked = _bearers_asked(t for t in recording.texts if "UNDEF" in t)  # the kind left open
    assert asked and len(asked) == len(set(asked))
    # The obligations measure different things of those rows (hours; records), so answers
    # handed over with the wrong measure or kind would show here.
    alone = set()
    for code in TRAINING:
        run = run_checks(qingdao, "qingdao", 2024, as_of=AS_OF, codes=[code])
        assert run.summary[code].bound > 0
        alone |= {tuple(f.row()) for f in run.findings}
    assert {tuple(f.row()) for f in together.findings} == alone


def test_each_obligation_reads_on_its_own_when_evidence_is_listed_for_all(qingdao):
    recording = RecordingStore(qingdao)
    run_checks(recording, "qingdao", 2024, as_of=AS_OF, codes=list(TRAINING), include_compliant=True)
    assert not [t for t in recording.texts if t.startswith(TRAINING_TITLE) and "UNDEF" in t]


def test_a_failed_shared_reading_fails_every_obligation_waiting_on_it(qingdao):
    with pytest.raises(StoreError, match="the store is gone"):
        run_checks(RecordingStore(qingdao, fail_on=TRAINING_TITLE), "qingdao", 2024, as_of=AS_OF, codes=list(TRAINING))
