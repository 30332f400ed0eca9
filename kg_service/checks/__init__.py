"""The check engine: obligation data + check-kind queries -> findings with provenance.

`run_checks` evaluates; `record_run` stores a run and its findings in the dataset's findings
graph; `trace_finding` gathers everything a finding rests on.
"""
