"""Is the ontology sound, and does a graph look like valid data? Reports a person can read.

`check_consistency()` asks HermiT (through owlready2, on Java) whether the ontology and code
lists are consistent and which classes are unsatisfiable. `validate_shapes()` runs pySHACL
with ontology/shapes.ttl and turns the SHACL results graph into problems that say which
node, which property and what was expected, in Chinese and English.
"""

from __future__ import annotations

import io
import time
from dataclasses import asdict, dataclass, field
from itertools import combinations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import FOAF, OWL, RDF, RDFS, SKOS, XSD
from rdflib.collection import Collection

from ..errors import InputError, KGError, Location
from ..namespaces import KG, PREFIXES, SH
from .ontology import load_ontology_graph, load_shapes_graph

ONTOLOGY_IRI = "https://w3id.org/party-kg/ontology"

# The OWL 2 datatype map (https://www.w3.org/TR/owl2-syntax/#Datatype_Maps). HermiT refuses
# any other datatype, and the ontology needs xsd:date (the contract's dates), so HermiT is run
# with unsupported datatypes ignored and the report names them instead of hiding them.
_OWL2_DATATYPES = {str(XSD[n]) for n in (
    "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long "
    "int short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string "
    "normalizedString token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI "
    "dateTime dateTimeStamp").split()} | {
    str(RDF.PlainLiteral), str(RDF.XMLLiteral), str(RDFS.Literal), str(OWL.real), str(OWL.rational),
    str(RDF.langString)}


def compact(node) -> str:
    """A node as people read it: a prefixed name (id:article/19), a quoted literal, or _:b."""
    if isinstance(node, URIRef):
        text = str(node)
        best = max((ns for ns in PREFIXES.values() if text.startswith(str(ns))), key=lambda ns: len(str(ns)),
                   default=None)
        if best is not None:
            prefix = next(p for p, ns in PREFIXES.items() if ns == best)
            return f"{prefix}:{text[len(str(best)):]}"
        return f"<{text}>"
    if isinstance(node, Literal):
        return f'"{node}"' + (f"@{node.language}" if node.language else "")
    if isinstance(node, BNode):
        return "_:" + str(node)[:8]
    return "" if node is None else str(node)


# --- consistency (HermiT) ---------------------------------------------------------------------

@dataclass
class ConsistencyReport:
    consistent: bool
    unsatisfiable: list[dict] = field(default_factory=list)
    """Classes that can have no instance: {"iri", "label_zh", "label_en"}."""
    clashes: list[dict] = field(default_factory=list)
    """Hints for an inconsistency: individuals asserted to be in two disjoint classes."""
    ignored_datatypes: list[str] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0
    reasoner: str = "HermiT (owlready2)"

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable

    def to_dict(self) -> dict:
        return asdict(self) | {"ok": self.ok}

    def lines(self, lang: str = "en") -> list[str]:
        zh = lang == "zh"
        out = []
        if not self.consistent:
            out.append("本体不一致：HermiT 认为其中描述的事物不可能同时成立。" if zh else
                       "The ontology is INCONSISTENT: HermiT finds that what it states cannot all be true at once.")
            for clash in self.clashes:
                out.append(("  个体 {node} 同时属于互斥的类 {a} 和 {b}" if zh else
                            "  individual {node} is in the disjoint classes {a} and {b}").format(**clash))
        else:
            out.append("本体一致。" if zh else "The ontology is consistent.")
        for cls in self.unsatisfiable:
            label = cls.get("label_zh" if zh else "label_en") or ""
            out.append(("  不可满足的类（不可能有实例）：{iri} {label}" if zh else
                        "  unsatisfiable class (can have no instance): {iri} {label}").format(iri=cls["iri"], label=label).rstrip())
        if self.consistent and not self.unsatisfiable:
            out.append("没有不可满足的类。" if zh else "No class is unsatisfiable.")
        if self.ignored_datatypes:
            out.append(("  （HermiT 不支持、未检查的数据类型：{}）" if zh else
                        "  (datatypes outside OWL 2 that HermiT did not check: {})").format(", ".join(self.ignored_datatypes)))
        out.append(("  用时 {:.1f} 秒，{} 个三元组" if zh else "  {1} triples, {0:.1f} s").format(self.seconds, self.triples))
        return out


def check_consistency(graph: Graph | None = None) -> ConsistencyReport:
    """Run HermiT on `graph` (default: the ontology and code lists) and report the result."""
    import owlready2

    graph = graph if graph is not None else load_ontology_graph()
    started = time.monotonic()
    world = owlready2.World()  # a fresh world: nothing leaks between calls
    try:
        world.get_ontology(ONTOLOGY_IRI).load(
            fileobj=io.BytesIO(graph.serialize(format="nt", encoding="utf-8")), format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
            consistent = True
        except owlready2.OwlReadyInconsistentOntologyError:
            consistent = False
        except owlready2.OwlReadyJavaError as exc:
            raise KGError(f"HermiT could not run (it needs Java 8 or later on the PATH): {exc}") from exc
        except FileNotFoundError as exc:
            raise KGError("HermiT needs Java, and no `java` was found on the PATH") from exc
        unsatisfiable = []
        if consistent:
            for cls in world.inconsistent_classes():
                iri = URIRef(cls.iri)
                if iri == OWL.Nothing:  # empty by definition, not a fault
                    continue
                unsatisfiable.append({"iri": compact(iri), "label_zh": _label(graph, iri, "zh"),
                                      "label_en": _label(graph, iri, "en")})
    finally:
        world.close()
    return ConsistencyReport(
        consistent=consistent,
        unsatisfiable=sorted(unsatisfiable, key=lambda c: c["iri"]),
        clashes=[] if consistent else disjoint_type_clashes(graph),
        ignored_datatypes=unsupported_datatypes(graph),
        triples=len(graph),
        seconds=time.monotonic() - started,
    )


def unsupported_datatypes(graph: Graph) -> list[str]:
    """Datatypes the ontology names (ranges, restrictions) that are outside OWL 2's map."""
    used = set(graph.objects(None, RDFS.range)) | set(graph.objects(None, OWL.someValuesFrom)) \
        | set(graph.objects(None, OWL.allValuesFrom)) | set(graph.objects(None, OWL.onDataRange))
    return sorted(compact(d) for d in used
                  if isinstance(d, URIRef) and str(d).startswith(str(XSD)) and str(d) not in _OWL2_DATATYPES)


def disjoint_type_clashes(graph: Graph) -> list[dict]:
    """Individuals asserted (directly or through rdfs:subClassOf) to be in two disjoint classes.

    HermiT says only *that* an ontology is inconsistent; this finds the commonest reason so
    the report can say where to look.
    """
    disjoint: set[frozenset] = {frozenset(pair) for pair in graph.subject_objects(OWL.disjointWith)}
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(axiom, OWL.members)
        if members is not None:
            disjoint |= {frozenset(pair) for pair in combinations(Collection(graph, members), 2)}
    if not disjoint:
        return []

    def ancestors(cls) -> set:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in graph.objects(todo.pop(), RDFS.subClassOf):
                if isinstance(parent, URIRef) and parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    clashes = []
    for node in sorted(set(graph.subjects(RDF.type, None))):
        classes = set()
        for cls in graph.objects(node, RDF.type):
            if isinstance(cls, URIRef) and not str(cls).startswith((str(OWL), str(RDFS), str(RDF))):
                classes |= ancestors(cls)
        for a, b in combinations(sorted(classes), 2):
            if frozenset((a, b)) in disjoint:
                clashes.append({"node": compact(node), "a": compact(a), "b": compact(b)})
    return clashes


def _label(graph: Graph, node, lang: str) -> str | None:
    for label in graph.objects(node, RDFS.label):
        if isinstance(label, Literal) and label.language == lang:
            return str(label)
    return None


# --- shapes (pySHACL) -------------------------------------------------------------------------

@dataclass
class ShapeProblem:
    """One SHACL result in words: the node, the property, the offending value, the expectation."""

    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    message_zh: str
    message_en: str
    severity: str
    constraint: str

    def line(self, lang: str = "en") -> str:
        message = self.message_zh if lang == "zh" else self.message_en
        where = self.focus + (f" ({self.focus_label})" if self.focus_label else "")
        if self.path:
            where += f", {'属性' if lang == 'zh' else 'property'} {self.path}"
        if self.value is not None:
            where += f", {'值' if lang == 'zh' else 'value'} {self.value}"
        return f"{where}: {message}"


@dataclass
class ShapesReport:
    conforms: bool
    problems: list[ShapeProblem] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0
    inference: str = "none"

    @property
    def ok(self) -> bool:
        return self.conforms

    def to_dict(self) -> dict:
        return {"conforms": self.conforms, "ok": self.ok, "triples": self.triples, "seconds": self.seconds,
                "inference": self.inference, "problems": [asdict(p) for p in self.problems]}

    def lines(self, lang: str = "en") -> list[str]:
        zh = lang == "zh"
        if self.conforms:
            head = (f"数据符合形状约束（{self.triples} 个三元组）。" if zh else
                    f"The data conforms to the shapes ({self.triples} triples).")
            return [head]
        head = (f"数据不符合形状约束：{len(self.problems)} 处问题。" if zh else
                f"The data does NOT conform to the shapes: {len(self.problems)} problem(s).")
        return [head] + ["  " + p.line(lang) for p in self.problems]

    def raise_if_invalid(self, location: Location | None = None, lang: str = "en", limit: int = 50) -> None:
        """Refuse the data with an InputError listing the first `limit` problems."""
        if self.conforms:
            return
        problems = [p.line(lang) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            problems.append(f"... and {len(self.problems) - limit} more")
        raise InputError(f"the data breaks {len(self.problems)} rule(s) of the shapes", location, problems)


def validate_shapes(data_graph: Graph, shapes_graph: Graph | None = None, ont_graph: Graph | None = None,
                    inference: str = "none") -> ShapesReport:
    """Validate `data_graph` against the shapes, with the ontology (code lists, class tree) beside it.

    The ontology is merged into a working copy here rather than handed to pySHACL as
    `ont_graph`: pySHACL copies only OWL/RDFS axioms from it, not the code concepts that
    `sh:class kg:MeetingKindCode` needs. The default inference is "none" on purpose: with
    "rdfs", every value of a property with an rdfs:range is inferred into that range, so a
    wrong code (or a reference to a missing record) would pass sh:class unnoticed.
    """
    import pyshacl

    shapes_graph = shapes_graph if shapes_graph is not None else load_shapes_graph()
    ont_graph = ont_graph if ont_graph is not None else load_ontology_graph()
    started = time.monotonic()
    working = Graph()
    working += ont_graph
    working += data_graph
    core_shapes, sparql_constraints = _split_sparql_constraints(shapes_graph)
    conforms, results, _text = pyshacl.validate(
        working, shacl_graph=core_shapes, inference=inference, inplace=True,
        abort_on_first=False, allow_warnings=False)
    problems = _problems(results, working)
    for constraint in sparql_constraints:
        problems += constraint.run(working)
    problems.sort(key=lambda p: (p.focus, p.path or "", p.value or "", p.message_en))
    return ShapesReport(conforms=not problems, problems=problems, triples=len(data_graph),
                        seconds=time.monotonic() - started, inference=inference)


@dataclass
class _SparqlConstraint:
    """One sh:sparql constraint, run once over all its focus nodes.

    pySHACL parses a SPARQL constraint's query again for every focus node (about 65 ms each
    here), which makes a dataset of thousands of members take minutes. Joining the query with
    its shape's targets gives the same rows (SHACL pre-binds $this to each focus node) from
    one parse and one evaluation.
    """

    query: str
    messages: dict
    constraint: str = "SPARQLConstraintComponent"

    def run(self, graph: Graph) -> list[ShapeProblem]:
        problems = []
        for row in graph.query(self.query):
            focus, path, value = row["this"], row["path"], row["value"]
            problems.append(ShapeProblem(
                focus=compact(focus), focus_label=_focus_label(graph, focus),
                path=compact(path) if path is not None else None,
                value=compact(value) if value is not None else None,
                message_zh=self.messages.get("zh", self.messages.get("en", "")),
                message_en=self.messages.get("en", self.messages.get("zh", "")),
                severity="Violation", constraint=self.constraint))
        return problems


def _split_sparql_constraints(shapes: Graph) -> tuple[Graph, list[_SparqlConstraint]]:
    """The shapes without their sh:sparql constraints, and those constraints as whole-graph queries."""
    core = Graph()
    core += shapes
    constraints = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        core.remove((shape, SH.sparql, constraint))
        targets = [f"{{ ?this a ?_class . ?_class <{RDFS.subClassOf}>* <{c}> . }}"
                   for c in shapes.objects(shape, SH.targetClass)]
        targets += [f"{{ ?_subject <{p}> ?this . }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
        targets += [f"{{ VALUES ?this {{ <{n}> }} }}" for n in shapes.objects(shape, SH.targetNode)]
        if not targets:
            raise KGError(f"shape {compact(shape)} has a SPARQL constraint but no target this service can run")
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for declaring in shapes.objects(constraint, SH.prefixes) for d in shapes.objects(declaring, SH.declare))
        select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
        head, body = select.split("{", 1)
        query = f"{prefixes}SELECT DISTINCT ?this ?path ?value WHERE {{ {{ {' UNION '.join(targets)} }} {body}"
        messages = {_message_language(m): str(m) for m in shapes.objects(constraint, SH.message)}
        constraints.append(_SparqlConstraint(query=query, messages=messages))
    return core, constraints


def _problems(results: Graph, data: Graph) -> list[ShapeProblem]:
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        messages = {_message_language(m): str(m) for m in results.objects(result, SH.resultMessage)
                    if isinstance(m, Literal)}
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        component = results.value(result, SH.sourceConstraintComponent)
        fallback = next(iter(messages.values()), "does not conform")
        problems.append(ShapeProblem(
            focus=compact(focus),
            focus_label=_focus_label(data, focus),
            path=_path_text(results, path) if path is not None else None,
            value=compact(value) if value is not None else None,
            message_zh=messages.get("zh", fallback),
            message_en=messages.get("en", fallback),
            severity=compact(results.value(result, SH.resultSeverity)).removeprefix("sh:"),
            constraint=compact(component).removeprefix("sh:"),
        ))
    return sorted(problems, key=lambda p: (p.focus, p.path or "", p.value or "", p.message_en))


def _message_language(message: Literal) -> str:
    """pySHACL drops the language tag of SPARQL constraints' messages; Chinese text tells itself."""
    if message.language:
        return message.language
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in str(message)) else "en"


_ID_PROPERTIES = (KG.code, KG.orgId, KG.memberId, KG.meetingId, KG.eventId, KG.careId)


def _focus_label(data: Graph, node) -> str | None:
    """The id or name a person knows the node by (its CSV id, obligation code or label)."""
    if node is None:
        return None
    for prop in _ID_PROPERTIES:
        value = data.value(node, prop)
        if value is not None:
            return str(value)
    labels = list(data.objects(node, RDFS.label)) + list(data.objects(node, FOAF.name)) \
        + list(data.objects(node, SKOS.prefLabel))
    zh = [str(label) for label in labels if getattr(label, "language", None) == "zh"]
    return zh[0] if zh else (str(labels[0]) if labels else None)


def _path_text(results: Graph, path) -> str:
    """A SHACL path as text: a property, a sequence a/b, or ^p for an inverse."""
    if isinstance(path, URIRef):
        return compact(path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(results, inverse)
    if results.value(path, RDF.first) is not None:
        return "/".join(_path_text(results, step) for step in Collection(results, path))
    return compact(path)
