"""The numbers a check run uses: each obligation's defaults, then the config, then the run.

Overrides are written `code.NAME=value` (e.g. `seven-talks.D=15`). An unknown code or
parameter, or a value that is not a non-negative number, is refused with the valid choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Mapping

from ..errors import InputError
from .specs import ObligationSpec, ParameterSpec

_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True)
class ParameterValue:
    code: str
    spec: ParameterSpec
    value: Decimal
    source: str
    """default, config or run: where the value came from."""


def parse_overrides(items: Iterable[str], source: str = "--param") -> dict[str, str]:
    """`code.NAME=value` strings to a dict (a later one wins)."""
    result = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(f"{source} {item!r}: expected CODE.NAME=VALUE, e.g. seven-talks.D=15")
        result[key.strip()] = value.strip()
    return result


def resolve_parameters(specs: Mapping[str, ObligationSpec], config: Mapping[str, str] | None = None,
                       run: Mapping[str, str] | None = None) -> dict[tuple[str, str], ParameterValue]:
    """Every parameter of every obligation with the value in force: (code, name) -> value."""
    values = {(code, name): ParameterValue(code, p, p.default, "default")
              for code, spec in specs.items() for name, p in spec.parameters.items()}
    for source, overrides in (("config", config or {}), ("run", run or {})):
        for key, text in overrides.items():
            code, name = _split_key(key, specs, source)
            values[(code, name)] = ParameterValue(code, specs[code].parameters[name],
                                                  _parse_value(key, str(text), specs[code], source), source)
    return values


def _split_key(key: str, specs: Mapping[str, ObligationSpec], source: str) -> tuple[str, str]:
    code, dot, name = key.rpartition(".")
    where = "[parameters] in the config" if source == "config" else "--param"
    if not dot or code not in specs:
        raise InputError(f"{where}: {key!r} names no obligation; write CODE.NAME with CODE one of: "
                         + ", ".join(specs))
    known = specs[code].parameters
    if name not in known:
        choices = ", ".join(f"{code}.{n}" for n in known) or f"none ({code} has no parameter)"
        raise InputError(f"{where}: obligation {code} has no parameter {name!r}; its parameters: {choices}")
    return code, name


def _parse_value(key: str, text: str, spec: ObligationSpec, source: str) -> Decimal:
    where = "[parameters] in the config" if source == "config" else "--param"
    decimals_allowed = spec.kind == "TrainingHours"
    if not _NUMBER.fullmatch(text) or ("." in text and not decimals_allowed):
        expected = "a number of hours >= 0 such as 32 or 16.5" if decimals_allowed else "a whole number >= 0"
        raise InputError(f"{where}: {key}={text!r} is not valid: expected {expected}")
    return Decimal(text)
