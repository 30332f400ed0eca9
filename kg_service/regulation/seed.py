"""The seed graph: the regulation text, its clauses and the 27 obligations, as RDF.

Two hand-written inputs live in seed/: `source/regulation-articles-19-20.txt` (a verbatim copy
of the regulation text) and `obligations.toml` (articles, local rules, obligations, each
obligation's quote, bearer and parameters, but no positions). `build_regulation_graph()` splits
the texts into clauses and finds each quote, so every position is computed, never typed.
`python -m kg_service.regulation.seed` writes the result to seed/regulation.ttl, which is
committed so people can read it; `--check` verifies the committed file holds the same graph.

`load_seed_graph()` is what the service uses: every seed/*.ttl (regulation.ttl and the check
specifications in checks.ttl) parsed into one rdflib Graph.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ..errors import InputError, Location
from ..namespaces import (
    ELI,
    ID,
    KG,
    OA,
    PREFIXES,
    REGULATION,
    article_iri,
    clause_iri,
    code_iri,
    local_rule_iri,
    obligation_iri,
    region_iri,
)
from ..resources import seed_dir

SOURCE_TEXT = Path("source") / "regulation-articles-19-20.txt"
OBLIGATIONS_TABLE = Path("obligations.toml")
OUTPUT = Path("regulation.ttl")

# A clause is one sentence. It ends after 。！？ (the mark stays with the clause) or at the end
# of a paragraph (the line break belongs to no clause), so a last sentence without 。 (第十九条
# ends with "稳妥有序处置不合格党员") is still a clause. Spaces around a clause are not part of it.
_SENTENCE = re.compile(r"[^。！？\n]+(?:[。！？]|$)", re.MULTILINE)
_ARTICLE_LINE = re.compile(r"^(第[一二三四五六七八九十百]+条)\s+(.+)$")
_CASE_HEADING = "【典型案例】"
_SOURCE_LINE = re.compile(r"^[(（]来源[:：](.+)[)）]$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class Clause:
    ordinal: int
    text: str
    start: int
    end: int
    """Code points in the parent's text: parent_text[start:end] == text."""


@dataclass(frozen=True)
class Section:
    """One article of the source file with the typical case (the local rule) that follows it."""

    article_number: int
    article_text: str
    case_text: str
    case_source: str


def split_clauses(text: str) -> list[Clause]:
    """Split a text into sentences with their code-point positions in `text`."""
    clauses = []
    for match in _SENTENCE.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        clauses.append(Clause(len(clauses) + 1, stripped, start, start + len(stripped)))
    return clauses


def chinese_number(numeral: str) -> int:
    """第十九条 -> 19: the numerals 1..99 written with 十."""
    if "十" not in numeral:
        return _CN_DIGITS[numeral]
    tens, _, units = numeral.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def parse_source(text: str, file: str = str(SOURCE_TEXT)) -> dict[int, Section]:
    """Find each article (its line "第十九条 …") and the 【典型案例】 paragraphs after it up to
    the "(来源:…)" line."""
    sections: dict[int, Section] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _ARTICLE_LINE.match(lines[i].strip())
        if not match:
            i += 1
            continue
        number = chinese_number(match.group(1)[1:-1])
        article_line = i + 1
        i += 1
        while i < len(lines) and lines[i].strip() != _CASE_HEADING:
            i += 1
        paragraphs: list[str] = []
        source = None
        i += 1
        while i < len(lines):
            line = lines[i].strip()
            source_match = _SOURCE_LINE.match(line)
            if source_match:
                source = source_match.group(1)
                break
            if _ARTICLE_LINE.match(line):
                break
            if line:
                paragraphs.append(line)
            i += 1
        if not paragraphs or source is None:
            raise InputError(f"{match.group(1)} is not followed by {_CASE_HEADING} paragraphs and a (来源:…) line",
                             Location(file, article_line))
        sections[number] = Section(number, match.group(2).strip(), "\n".join(paragraphs), source)
    return sections


def _lit_int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _add_text(graph: Graph, parent: URIRef, text: str) -> list[tuple[URIRef, Clause]]:
    graph.add((parent, KG.text, Literal(text)))
    result = []
    for clause in split_clauses(text):
        node = URIRef(clause_iri(str(parent), clause.ordinal))
        graph.add((node, RDF.type, KG.Clause))
        graph.add((node, ELI.is_part_of, parent))
        graph.add((node, KG.ordinal, _lit_int(clause.ordinal)))
        graph.add((node, KG.text, Literal(clause.text)))
        graph.add((node, KG.start, _lit_int(clause.start)))
        graph.add((node, KG.end, _lit_int(clause.end)))
        result.append((node, clause))
    return result


def _find_quote(code: str, quote: str, clauses: list[tuple[URIRef, Clause]], table: str) -> tuple[URIRef, int]:
    hits = [(node, m.start()) for node, clause in clauses
            for m in re.finditer(re.escape(quote), clause.text)]
    if len(hits) != 1:
        where = "is not found" if not hits else f"is found {len(hits)} times"
        raise InputError(f"obligation {code}: quote {quote!r} {where} in the clauses of its "
                         f"article or local rule; it must occur exactly once, verbatim",
                         Location(table))
    return hits[0]


def build_regulation_graph(directory: Path | None = None) -> Graph:
    """Build the regulation graph from seed/source/*.txt and seed/obligations.toml."""
    directory = Path(directory) if directory else seed_dir()
    text = (directory / SOURCE_TEXT).read_text(encoding="utf-8")
    with open(directory / OBLIGATIONS_TABLE, "rb") as fh:
        table = tomllib.load(fh)
    table_name = str(OBLIGATIONS_TABLE)
    sections = parse_source(text)

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)

    regulation = URIRef(REGULATION)
    graph.add((regulation, RDF.type, KG.Regulation))
    graph.add((regulation, RDF.type, ELI.LegalResource))
    graph.add((regulation, RDFS.label, Literal(table["regulation"]["title_zh"], lang="zh")))
    graph.add((regulation, RDFS.label, Literal(table["regulation"]["title_en"], lang="en")))
    graph.add((regulation, DCTERMS.title, Literal(table["regulation"]["title_zh"], lang="zh")))

    clauses_of: dict[str, list[tuple[URIRef, Clause]]] = {}
    for article in table["article"]:
        number = article["number"]
        if number not in sections:
            raise InputError(f"article {number} of {table_name} is not in {SOURCE_TEXT}", Location(table_name))
        node = URIRef(article_iri(number))
        graph.add((node, RDF.type, KG.Article))
        graph.add((node, ELI.is_part_of, regulation))
        graph.add((node, KG.articleNumber, _lit_int(number)))
        graph.add((node, RDFS.label, Literal(article["label_zh"], lang="zh")))
        graph.add((node, RDFS.label, Literal(article["label_en"], lang="en")))
        graph.add((node, DCTERMS.subject, Literal(article["topic_zh"], lang="zh")))
        graph.add((node, DCTERMS.subject, Literal(article["topic_en"], lang="en")))
        clauses_of[f"national/{number}"] = _add_text(graph, node, sections[number].article_text)

    for rule in table["local_rule"]:
        node = URIRef(local_rule_iri(rule["key"]))
        region = URIRef(region_iri(rule["region"]))
        section = sections[rule["article"]]
        graph.add((node, RDF.type, KG.LocalRule))
        graph.add((node, RDF.type, ELI.LegalResource))
        graph.add((node, ELI.ensures_implementation_of, URIRef(article_iri(rule["article"]))))
        graph.add((node, ELI.jurisdiction, region))
        graph.add((node, KG.rule, URIRef(code_iri("rule", rule["key"]))))
        graph.add((node, DCTERMS.title, Literal(rule["title"], lang="zh")))
        graph.add((node, RDFS.label, Literal(f"{rule['region_zh']}《{rule['title']}》", lang="zh")))
        graph.add((node, RDFS.label, Literal(rule["label_en"], lang="en")))
        graph.add((node, DCTERMS.source, Literal(section.case_source, lang="zh")))
        graph.add((region, RDF.type, KG.Region))
        graph.add((region, RDFS.label, Literal(rule["region_zh"], lang="zh")))
        graph.add((region, RDFS.label, Literal(rule["region_en"], lang="en")))
        clauses_of[rule["key"]] = _add_text(graph, node, section.case_text)

    local_rule_of = {rule["key"]: rule for rule in table["local_rule"]}
    for ob in table["obligation"]:
        _add_obligation(graph, ob, clauses_of, local_rule_of, table_name)
    return graph


def _add_obligation(graph: Graph, ob: dict, clauses_of: dict, local_rule_of: dict, table_name: str) -> None:
    code, rule, number = ob["code"], ob["rule"], ob["article"]
    node = URIRef(obligation_iri(code))
    if rule == "national":
        clauses = clauses_of[f"national/{number}"]
    else:
        if local_rule_of[rule]["article"] != number:
            raise InputError(f"obligation {code}: rule {rule} refines article {local_rule_of[rule]['article']}, "
                             f"not {number}", Location(table_name))
        clauses = clauses_of[rule]
        graph.add((node, KG.localRule, URIRef(local_rule_iri(rule))))
    clause, start = _find_quote(code, ob["quote"], clauses, table_name)

    graph.add((node, RDF.type, KG.Obligation))
    graph.add((node, KG.code, Literal(code)))
    graph.add((node, RDFS.label, Literal(ob["label_zh"], lang="zh")))
    graph.add((node, RDFS.label, Literal(ob["label_en"], lang="en")))
    graph.add((node, SKOS.definition, Literal(ob["definition_zh"], lang="zh")))
    graph.add((node, SKOS.definition, Literal(ob["definition_en"], lang="en")))
    graph.add((node, KG.article, URIRef(article_iri(number))))
    graph.add((node, KG.rule, URIRef(code_iri("rule", rule))))
    graph.add((node, KG.bearer, URIRef(code_iri("bearer", ob["bearer"]))))
    graph.add((node, KG.groundedIn, clause))

    # The grounding is a Web Annotation whose target is the clause, selected twice: by the
    # exact words and by their code-point positions in the clause's kg:text.
    grounding = URIRef(f"{node}/grounding")
    target, quote_selector, position_selector = BNode(f"{code}-target"), BNode(f"{code}-quote"), BNode(f"{code}-pos")
    graph.add((node, KG.grounding, grounding))
    graph.add((grounding, RDF.type, OA.Annotation))
    graph.add((grounding, OA.hasBody, node))
    graph.add((grounding, OA.hasTarget, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, clause))
    graph.add((target, OA.hasSelector, quote_selector))
    graph.add((target, OA.hasSelector, position_selector))
    graph.add((quote_selector, RDF.type, OA.TextQuoteSelector))
    graph.add((quote_selector, OA.exact, Literal(ob["quote"])))
    graph.add((position_selector, RDF.type, OA.TextPositionSelector))
    graph.add((position_selector, OA.start, _lit_int(start)))
    graph.add((position_selector, OA.end, _lit_int(start + len(ob["quote"]))))

    for param in ob.get("parameter", []):
        pnode = URIRef(f"{node}/parameter/{param['name']}")
        graph.add((node, KG.hasParameter, pnode))
        graph.add((pnode, RDF.type, KG.Parameter))
        graph.add((pnode, KG.parameterName, Literal(param["name"])))
        graph.add((pnode, KG.defaultValue, _lit_int(param["default"])))
        graph.add((pnode, KG.isInterpretation, Literal(bool(param["interpretation"]))))
        word = param.get("word")
        if param["interpretation"] != bool(word):
            raise InputError(f"obligation {code}: parameter {param['name']} needs a `word` exactly when it "
                             f"is an interpretation", Location(table_name))
        if word:
            if word not in ob["quote"]:
                raise InputError(f"obligation {code}: the interpreted word {word!r} is not in its quote",
                                 Location(table_name))
            graph.add((pnode, KG.interpretsWord, Literal(word)))


def serialize(graph: Graph) -> str:
    """Turtle with a fixed header; rdflib sorts subjects, so the output is reproducible."""
    header = ("# GENERATED by `python -m kg_service.regulation.seed` from source/*.txt and "
              "obligations.toml.\n# Do not edit: change those files and run the builder again.\n")
    return header + graph.serialize(format="turtle")


def load_seed_graph(directory: Path | None = None) -> Graph:
    """The whole public regulation graph: every seed/*.ttl (regulation.ttl, checks.ttl, ...)."""
    directory = Path(directory) if directory else seed_dir()
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    files = sorted(directory.glob("*.ttl"))
    if not files:
        raise FileNotFoundError(f"no seed/*.ttl in {directory}; run `python -m kg_service.regulation.seed`")
    for path in files:
        graph.parse(path, format="turtle")
    return graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg_service.regulation.seed",
        description="Build seed/regulation.ttl from seed/source/*.txt and seed/obligations.toml.")
    parser.add_argument("--seed-dir", type=Path, default=None, help="the seed directory (default: the package's)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if regulation.ttl is not what the builder produces")
    args = parser.parse_args(argv)
    directory = args.seed_dir or seed_dir()
    try:
        text = serialize(build_regulation_graph(directory))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    target = directory / OUTPUT
    if args.check:
        # Compare graphs, not bytes: another rdflib version may lay out the same Turtle differently.
        current = Graph()
        if target.exists():
            current.parse(target, format="turtle")
        if not isomorphic(current, Graph().parse(data=text, format="turtle")):
            print(f"{target} is out of date; run `python -m kg_service.regulation.seed`", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
