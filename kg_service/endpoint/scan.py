"""A small SPARQL lexer: what a request is, before the engine sees it.

The engine (pyoxigraph) parses and runs queries; this module only finds what the endpoint
must decide on first: query or update, the query form, the dataset clauses (FROM / FROM
NAMED, resolved against PREFIX and BASE), and every SERVICE and LOAD target. It skips
comments, strings and IRIs the way the SPARQL grammar does, so a keyword inside a literal
or an IRI is never mistaken for the real thing. Security does not depend on the dataset
clauses found here (the engine is always given the graphs a caller may see); it does depend
on SERVICE and LOAD, which are found at any depth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\s(){}\[\],;.]*)
  | (?P<word>[A-Za-z_\u00C0-\uFFFF][\w\-\u00B7\u00C0-\uFFFF.]*?(?::[^\s(){}\[\],;"'<>]*)?(?=[\s(){}\[\],;"'<>#*]|\.(?:\s|$)|$))
  | (?P<pname>:[^\s(){}\[\],;"'<>]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


@dataclass
class Scan:
    """What the lexer found in one request."""

    form: str | None = None
    """SELECT, ASK, CONSTRUCT, DESCRIBE for a query; UPDATE for an update; None if unknown."""
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    """Targets of SERVICE; a variable target is recorded as its name (e.g. `?g`)."""
    loads: list[str] = field(default_factory=list)


def _tokens(text: str):
    """(kind, value) pairs without white space and comments."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, match.group()


def _unescape_iri(token: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: chr(int(m.group(1) or m.group(2), 16)), token[1:-1])


def scan(text: str) -> Scan:
    """Scan a query or update. Never raises: a malformed request is the engine's to reject.

    SPARQL allows \\u escapes to be read before the grammar; engines differ on it, so the
    text is scanned both as written and unescaped, and SERVICE / LOAD targets of both count.
    """
    result = _scan(text)
    unescaped = _unescape_codepoints(text)
    if unescaped != text:
        other = _scan(unescaped)
        result.services += [s for s in other.services if s not in result.services]
        result.loads += [s for s in other.loads if s not in result.loads]
    return result


def _unescape_codepoints(text: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _scan(text: str) -> Scan:
    tokens = list(_tokens(text))
    result = Scan()
    prefixes: dict[str, str] = {}
    base = ""
    depth = 0

    def resolve(i: int) -> str | None:
        if i >= len(tokens):
            return None
        kind, value = tokens[i]
        if kind == "iri":
            return urljoin(base, _unescape_iri(value)) if base else _unescape_iri(value)
        if kind in ("word", "pname") and ":" in value:
            prefix, _, local = value.partition(":")
            if prefix in prefixes:
                return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        if kind == "var":
            return value
        return None

    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        upper = value.upper() if kind == "word" else None
        if kind == "other" and value == "{":
            depth += 1
        elif kind == "other" and value == "}":
            depth -= 1
        elif upper == "PREFIX" and i + 2 < len(tokens):
            name = tokens[i + 1][1]
            iri = resolve(i + 2)
            if name.endswith(":") and iri:
                prefixes[name[:-1]] = iri
            i += 3
            continue
        elif upper == "BASE" and i + 1 < len(tokens) and tokens[i + 1][0] == "iri":
            base = resolve(i + 1) or base
        elif upper in QUERY_FORMS + UPDATE_WORDS and result.form is None and depth == 0:
            result.form = upper if upper in QUERY_FORMS else "UPDATE"
        if upper == "FROM" and depth == 0:
            named = i + 1 < len(tokens) and tokens[i + 1][1].upper() == "NAMED"
            iri = resolve(i + 2 if named else i + 1)
            if iri:
                (result.from_named if named else result.from_graphs).append(iri)
        elif upper == "SERVICE":
            j = i + 1
            if j < len(tokens) and tokens[j][1].upper() == "SILENT":
                j += 1
            result.services.append(resolve(j) or (tokens[j][1] if j < len(tokens) else ""))
        elif upper == "LOAD":
            j = i + 1
            if j < len(tokens) and tokens[j][1].upper() == "SILENT":
                j += 1
            result.loads.append(resolve(j) or (tokens[j][1] if j < len(tokens) else ""))
        i += 1
    return result
