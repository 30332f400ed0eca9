"""`kg-service trace FINDING`: one finding with everything it rests on."""

from __future__ import annotations

import json
import sys

from .context import store_from_args

_LABELS = {
    "zh": {"finding": "检查结论", "obligation": "义务", "clause": "依据条文(【】内为依据原文)", "article": "条款",
           "local_rule": "地方细则", "parameters": "参数与解释", "evidence": "证据记录", "none": "(无)",
           "interpretation": "解释", "word": "模糊用语", "fixed": "明文规定"},
    "en": {"finding": "Finding", "obligation": "Obligation", "clause": "Grounding clause (【】 marks the words)",
           "article": "Article", "local_rule": "Local rule", "parameters": "Parameters and interpretations",
           "evidence": "Evidence records", "none": "(none)", "interpretation": "interpretation",
           "word": "vague word", "fixed": "stated in the text"},
}


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "trace", parents=[common], help="show one finding with its obligation, clause, rule and evidence",
        description="Show a stored finding with the obligation, the clause text with the grounding words "
                    "marked, the article, the local rule, the parameter values and interpretations used, "
                    "and the evidence records. FINDING is the finding's IRI or YEAR/CODE/SUBJECT/PERIOD "
                    "(e.g. 2024/leader-dlm/m1/2024; write a / inside an id as %2F).")
    parser.add_argument("finding", metavar="FINDING")
    parser.add_argument("--dataset", metavar="NAME", help="the dataset (default: the only one in the store)")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of labels (default: zh)")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    from ..checks.trace import trace_finding
    from .check import default_dataset

    with store_from_args(args) as store:
        dataset = args.dataset or default_dataset(store)
        trace = trace_finding(store, dataset, args.finding, args.lang)
    if args.format == "json":
        json.dump(trace, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    L, out, f = _LABELS[args.lang], sys.stdout, trace["finding"]
    out.write(f"{L['finding']}: {f['obligation']} {f['subject_id']} {f['period']} -> {f['status']} "
              f"(expected {f['expected']}, observed {f['observed'] or '-'}; window ends {f['window_end']})\n")
    out.write(f"  {f['iri']}\n")
    out.write(f"{L['obligation']}: {trace['obligation']['code']} {trace['obligation']['label']}\n")
    c = trace["clause"]
    out.write(f"{L['clause']}: {c['marked']}\n  [{c['start']}, {c['end']}) {c['iri']}\n")
    out.write(f"{L['article']}: {trace['article']['label']}\n  {trace['article']['text']}\n")
    lr = trace["local_rule"]
    out.write(f"{L['local_rule']}: {lr['label'] + ' ' + lr['iri'] if lr else L['none']}\n")
    out.write(f"{L['parameters']}:\n")
    for p in trace["parameters"] or []:
        how = f"{L['interpretation']} ({L['word']} “{p['word']}”)" if p["interpretation"] else L["fixed"]
        out.write(f"  {p['parameter']} = {p['value']} [{p['source']}] {how}\n")
    if not trace["parameters"]:
        out.write(f"  {L['none']}\n")
    out.write(f"{L['evidence']}:\n")
    for e in trace["evidence"]:
        out.write(f"  {e['type']} {e['id']} {e['kind'] or ''} {e['date'] or ''}\n")
    if not trace["evidence"]:
        out.write(f"  {L['none']}\n")
    return 0
