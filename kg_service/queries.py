"""Named SPARQL queries: queries/**/*.rq loaded by name, their comment header, typed parameters.

A query's name is its path under queries/ without `.rq`, e.g. `research/clauses-of-article`.
Its header (the leading `#` lines, format in queries/README.md) gives a title, a description
and its parameters. Parameters are bound by adding a VALUES block of typed RDF terms at the
start of the query's outermost WHERE group, never by formatting user text into the query:
a value is parsed into an rdflib term of the declared type and written in N-Triples syntax.
"""

from __future__ import annotations

import datetime
import decimal
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .errors import InputError, Location, NotFound
from .namespaces import PREFIXES
from .resources import queries_dir

TYPES = ("iri", "string", "integer", "decimal", "date", "boolean")
"""Parameter types a header may declare."""

_PARAM_LINE = re.compile(
    r"^param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?P<description>.*)$")
_ROW_LINE = re.compile(r"^row:\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*([a-z]+)")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str
    default: str | None = None
    """The default as written in the header, parsed like a value from the command line."""
    optional: bool = False
    """Without a value (and no default) the variable is left unbound (VALUES ... UNDEF)."""

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    row_columns: dict[str, str] = field(default_factory=dict, hash=False)
    """The columns a caller may put before the parameters on each VALUES row, with their
    types, from the header's `# row: NAME (TYPE) description` lines: a check's instances,
    or `selection` to answer several sets of parameter values in one run."""

    def parameter(self, name: str) -> Parameter:
        for param in self.parameters:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise InputError(f"query {self.name} has no parameter {name!r} (its parameters: {known})")

    def bind(self, values: Mapping[str, Any] | None = None) -> str:
        """The query text with its parameters bound by a VALUES block.

        A value may be a string (parsed per the parameter's type, as on the command line), a
        Python value of that type (int, Decimal, date, bool), an rdflib term, or a list of them
        (the query then runs for each; lists of several parameters combine every way)."""
        names, rows = self.parameter_rows(values)
        if not names:
            return self.text
        return insert_values_block(self.text, values_block(names, rows), self.name)

    def parameter_rows(self, values: Mapping[str, Any] | None = None) -> tuple[list[str], list[tuple[str, ...]]]:
        """The parameters' names and the rows of their values, each value in SPARQL syntax
        (UNDEF where an optional one is not given): what `bind` puts in its VALUES block, for
        callers that add columns of their own to it (the check engine's instances)."""
        values = dict(values or {})
        for name in values:
            self.parameter(name)
        columns = []
        for param in self.parameters:
            given = values.get(param.name)
            if given is None:
                if param.required:
                    raise InputError(f"query {self.name} needs the parameter {param.name} "
                                     f"({param.type}): {param.description}")
                given = param.default
            options = given if isinstance(given, (list, tuple, set, frozenset)) else [given]
            if not options:
                raise InputError(f"query {self.name}: parameter {param.name} was given an empty list")
            columns.append([None if v is None else to_term(param, v, self.name) for v in options])
        rows = [tuple("UNDEF" if t is None else sparql_term(t) for t in row) for row in itertools.product(*columns)]
        return [p.name for p in self.parameters], rows


def values_block(names: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """`VALUES (?a ?b) { (x y) ... }` from column names and rows of terms in SPARQL syntax."""
    head = " ".join(f"?{name}" for name in names)
    return f"VALUES ({head}) {{ " + " ".join("(" + " ".join(row) + ")" for row in rows) + " }"


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}


def sparql_term(term: URIRef | Literal) -> str:
    """A term in N-Triples syntax (valid SPARQL): the only way a value enters a query's text."""
    if isinstance(term, URIRef):
        return f"<{term}>"  # to_term has refused every character that could end the IRI
    text = "".join(_ESCAPES.get(ch, ch) for ch in str(term))
    if term.language:
        return f'"{text}"@{term.language}'
    return f'"{text}"^^<{term.datatype}>' if term.datatype else f'"{text}"'


def to_term(param: Parameter, value: Any, query_name: str = "query") -> URIRef | Literal:
    """Parse or check one value as an RDF term of the parameter's type."""
    if isinstance(value, (URIRef, Literal)):
        value = str(value)
    where = f"query {query_name}, parameter {param.name}"
    try:
        if param.type == "iri":
            return URIRef(_expand_iri(str(value), where))
        if param.type == "string":
            if not isinstance(value, str):
                raise ValueError
            return Literal(value)
        if param.type == "integer":
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                raise ValueError
            if isinstance(value, str) and not re.fullmatch(r"[+-]?[0-9]+", value.strip()):
                raise ValueError
            return Literal(int(value), datatype=XSD.integer)
        if param.type == "decimal":
            if isinstance(value, (bool, float)):
                raise ValueError
            if isinstance(value, str) and not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", value.strip()):
                raise ValueError
            return Literal(decimal.Decimal(str(value).strip()), datatype=XSD.decimal)
        if param.type == "date":
            if isinstance(value, datetime.datetime):
                raise ValueError
            if isinstance(value, str):
                if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
                    raise ValueError
                value = datetime.date.fromisoformat(value.strip())
            if not isinstance(value, datetime.date):
                raise ValueError
            return Literal(value, datatype=XSD.date)
        if param.type == "boolean":
            if isinstance(value, bool):
                return Literal(value)
            text = str(value).strip().lower()
            if text not in ("true", "false", "1", "0"):
                raise ValueError
            return Literal(text in ("true", "1"))
    except (ValueError, decimal.InvalidOperation):
        pass
    expected = {
        "iri": "an absolute IRI (https://...) or a prefixed name such as code:bearer/leading-cadre",
        "string": "a text",
        "integer": "a whole number such as 19",
        "decimal": "a plain decimal number such as 1.5",
        "date": "a date written YYYY-MM-DD",
        "boolean": "true or false",
    }[param.type]
    raise InputError(f"{where}: {value!r} is not {expected}")


def _expand_iri(text: str, where: str) -> str:
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, rest = text.partition(":")
    if sep and prefix in PREFIXES and not rest.startswith("//"):
        text = str(PREFIXES[prefix]) + rest
    if not _SCHEME.match(text) or _IRI_FORBIDDEN.search(text):
        raise ValueError(where)
    return text


def insert_values_block(text: str, block: str, name: str = "query") -> str:
    """Put `block` right after the `{` that opens the outermost WHERE group.

    Comments, strings and IRIs are skipped while looking, so a `{` or WHERE inside them does
    not count. Without the WHERE keyword (it is optional) the first `{` opens the pattern."""
    i, n = 0, len(text)
    first_brace = where_brace = None
    after_where = False
    while i < n:
        ch = text[i]
        if ch == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        if ch in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", text[i:]):
            i = text.index(">", i) + 1
            continue
        if text[i:i + 5].upper() == "WHERE" and not (i and (text[i - 1].isalnum() or text[i - 1] in "_?$:")):
            after_where = True
            i += 5
            continue
        if ch == "{":
            if first_brace is None:
                first_brace = i
            if after_where:
                where_brace = i
                break
        i += 1
    position = where_brace if where_brace is not None else first_brace
    if position is None:
        raise InputError(f"query {name} has no graph pattern {{ ... }} to bind its parameters in")
    return text[:position + 1] + "\n  " + block + "\n" + text[position + 1:]


def parse_header(text: str, name: str, path: Path | None = None) -> tuple[str, str, tuple[Parameter, ...], dict[str, str]]:
    """Read the title, description, parameters and row columns from the leading `#` lines."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    file = str(path or name)
    if not lines or not lines[0]:
        raise InputError(f"query {name} has no header: its first line must be `# Title`", Location(file, 1))
    title, description, params, rows = lines[0], [], [], {}
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith("param:"):
            params.append(_parse_param(line, Location(file, number)))
        elif line.startswith("row:"):
            match = _ROW_LINE.match(line)
            if not match:
                raise InputError("a row line must read `# row: NAME (TYPE) description`", Location(file, number))
            rows[match.group(1)] = match.group(2)
        elif not params:
            description.append(line)
    names = [p.name for p in params]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise InputError(f"query {name} declares parameter(s) {', '.join(sorted(duplicates))} twice", Location(file))
    return title, "\n".join(description).strip(), tuple(params), rows


def _parse_param(line: str, location: Location) -> Parameter:
    match = _PARAM_LINE.match(line)
    if not match:
        raise InputError("a parameter line must read `# param: NAME (TYPE[, default VALUE | optional]) description`",
                         location)
    spec = [part.strip() for part in match.group("spec").split(",", 1)]
    kind = spec[0]
    if kind not in TYPES:
        raise InputError(f"parameter {match.group('name')}: unknown type {kind!r}; one of {', '.join(TYPES)}",
                         location)
    default, optional = None, False
    if len(spec) > 1:
        if spec[1] == "optional":
            optional = True
        elif spec[1].startswith("default "):
            default = spec[1][len("default "):].strip()
            if len(default) >= 2 and default[0] == default[-1] == '"':
                default = default[1:-1]
        else:
            raise InputError(f"parameter {match.group('name')}: expected `default VALUE` or `optional` "
                             f"after the type, not {spec[1]!r}", location)
    param = Parameter(match.group("name"), kind, match.group("description").strip(), default, optional)
    if default is not None:
        to_term(param, default, str(location))  # a bad default is the query author's error, found early
    return param


def load_query(name: str, directory: Path | None = None) -> NamedQuery:
    """The query `name` (its path under queries/ without .rq)."""
    root = Path(directory) if directory else queries_dir()
    path = (root / f"{name}.rq").resolve()
    if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*", name) or not path.is_file():
        known = ", ".join(q.name for q in list_queries(root=root)) or "none"
        raise NotFound(f"no query named {name!r}; known queries: {known}")
    text = path.read_text(encoding="utf-8")
    title, description, params, rows = parse_header(text, name, path)
    return NamedQuery(name, path, title, description, params, text, rows)


def list_queries(prefix: str | None = None, root: Path | None = None) -> list[NamedQuery]:
    """Every named query, sorted by name; only those under `prefix/` when given."""
    root = Path(root) if root else queries_dir()
    base = root / prefix if prefix else root
    names = sorted(path.relative_to(root).with_suffix("").as_posix() for path in base.rglob("*.rq"))
    return [load_query(name, root) for name in names]


def parse_assignments(items: Iterable[str]) -> dict[str, str | list[str]]:
    """`key=value` strings (from --param) to a dict; a key given twice collects a list."""
    values: dict[str, str | list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {item!r}: expected NAME=VALUE")
        key = key.strip()
        if key in values:
            previous = values[key]
            values[key] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            values[key] = value
    return values


def run_query(store, name: str | NamedQuery, values: Mapping[str, Any] | None = None, *,
              default_graph: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None):
    """Run a named SELECT query on a Store with its parameters bound; returns a SelectResult."""
    query = name if isinstance(name, NamedQuery) else load_query(name)
    return store.select(query.bind(values), default_graph=default_graph, named_graphs=named_graphs)
