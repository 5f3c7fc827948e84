"""The evaluation report (JSON + Markdown) and the targets ``--check`` enforces."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .scoring import DialogueResult, as_dict, figures

# The understanding targets: no loops, dead ends, echoed fragments or incoherent turns; at
# least 90 % of facts understood and of questions answered right; at most 3 % wrong.
TARGETS: tuple[tuple[str, str, float], ...] = (
    ("loops", "==", 0),
    ("dead_ends", "==", 0),
    ("echoes", "==", 0),
    ("contradictions", "==", 0),
    ("facts_rate", ">=", 0.90),
    ("right_rate", ">=", 0.90),
    ("wrong_rate", "<=", 0.03),
)
# The reply-language target of the Hindi part (replies in the student's script).
LANGUAGE_TARGETS: tuple[tuple[str, str, float], ...] = (("language_rate", ">=", 0.90),)


def _meets(value, operator: str, bound: float) -> bool:
    if value is None:  # nothing of that kind in this slice: nothing to fail
        return True
    return {"==": value == bound, ">=": value >= bound, "<=": value <= bound}[operator]


def missed_targets(figs: dict[str, Any], targets=TARGETS) -> list[str]:
    return [
        f"{name} = {figs.get(name)} (target {op} {bound})"
        for name, op, bound in targets
        if not _meets(figs.get(name), op, bound)
    ]


def build(results: Sequence[DialogueResult], meta: dict[str, Any]) -> dict[str, Any]:
    """Everything the report says, as one JSON-ready dict."""
    by_part: dict[str, list[DialogueResult]] = defaultdict(list)
    by_suite_part: dict[str, list[DialogueResult]] = defaultdict(list)
    by_category: dict[str, list[DialogueResult]] = defaultdict(list)
    for result in results:
        by_part[result.part].append(result)
        by_suite_part[f"{result.suite}/{result.part}"].append(result)
        by_category[f"{result.suite}/{result.category}"].append(result)
    parts = {part: figures(items) for part, items in sorted(by_part.items())}
    suites = {name: figures(items) for name, items in sorted(by_suite_part.items())}
    report: dict[str, Any] = {
        "meta": meta,
        "overall": figures(results),
        "parts": parts,
        "suites": suites,
        "categories": {name: figures(items) for name, items in sorted(by_category.items())},
        "failing": [
            {
                "id": r.id,
                "part": r.part,
                "suite": r.suite,
                "category": r.category,
                "reasons": r.failures(),
            }
            for r in results
            if r.failures()
        ],
        "dialogues": [as_dict(result) for result in results],
    }
    report["targets"] = {part: missed_targets(figs) for part, figs in parts.items()}
    hindi = {name: figs for name, figs in suites.items() if name.startswith("hindi/")}
    report["language_targets"] = {
        name: missed_targets(figs, LANGUAGE_TARGETS) for name, figs in hindi.items()
    }
    return report


def _pct(value) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


_HEADLINE = (
    (
        "Profile facts understood",
        lambda f: f"{f['facts_understood']}/{f['facts_total']} ({_pct(f['facts_rate'])})",
    ),
    (
        "Role/FAQ questions right",
        lambda f: f"{f['questions_right']}/{f['questions_total']} ({_pct(f['right_rate'])})",
    ),
    ("Answered wrongly", lambda f: f"{f['questions_wrong']} ({_pct(f['wrong_rate'])})"),
    ('Honest "I don\'t know"', lambda f: str(f["questions_unknown"])),
    ("Not answered (help text, fallback ...)", lambda f: str(f["questions_missed"])),
    ("Loops (same question 3x in a row)", lambda f: str(f["loops"])),
    (
        "Dead ends (no way forward / no recommendations)",
        lambda f: (
            f"{f['dead_ends']} ({f['dead_end_conversations']} conversations, "
            f"{f['stuck_turns']} turns)"
        ),
    ),
    ("Echoed fragments", lambda f: str(f["echoes"])),
    ("Incoherent turns (contradictory replies)", lambda f: str(f["contradictions"])),
    ("Generic fallbacks", lambda f: str(f["fallbacks"])),
    (
        "Recommendation checks (ranking, constraints named)",
        lambda f: f"{f['ranking_ok']}/{f['ranking_total']}",
    ),
    (
        "Reply language as expected",
        lambda f: f"{f['language_right']}/{f['language_total']} ({_pct(f['language_rate'])})",
    ),
    (
        "Dialogues (messages / conversations)",
        lambda f: f"{f['dialogues']} ({f['messages']} / {f['conversations']})",
    ),
    ("Lead-in not reached / turn errors", lambda f: f"{f['context_not_reached']} / {f['errors']}"),
)


def _table(columns: dict[str, dict[str, Any]]) -> list[str]:
    names = list(columns)
    lines = ["| measure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label, render in _HEADLINE:
        lines.append(f"| {label} | " + " | ".join(render(columns[n]) for n in names) + " |")
    return lines


def markdown(report: dict[str, Any], max_failures: int = 400) -> str:
    meta = report["meta"]
    lines = [
        "# CareerPath understanding evaluation",
        "",
        f"Run {meta.get('started')} on commit {meta.get('commit')}; model {meta.get('model')}; "
        f"{meta.get('seconds', 0):.0f} s. Held-out items are never used for tuning.",
        "",
        "## Headline (issue targets: no loops, dead ends, echoes or incoherent turns; "
        "facts >= 90 %; right >= 90 %; wrong <= 3 %)",
        "",
    ]
    columns = dict(report["parts"])
    columns["all"] = report["overall"]
    lines += _table(columns)
    for part, missed in report["targets"].items():
        lines.append("")
        lines.append(
            f"**{part}**: " + ("all targets met" if not missed else "misses " + "; ".join(missed))
        )
    lines += ["", "## English/Hinglish and Hindi parts", ""]
    lines += _table(report["suites"])
    for name, missed in report.get("language_targets", {}).items():
        lines.append("")
        lines.append(
            f"**{name} reply language**: "
            + ("met" if not missed else "misses " + "; ".join(missed))
        )
    lines += [
        "",
        "## By category",
        "",
        "| suite/category | dialogues | facts | right | wrong | unknown | missed | loops "
        "| dead ends | echoes | incoherent | language |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, f in report["categories"].items():
        lines.append(
            f"| {name} | {f['dialogues']} | {f['facts_understood']}/{f['facts_total']} | "
            f"{f['questions_right']}/{f['questions_total']} | {f['questions_wrong']} | "
            f"{f['questions_unknown']} | {f['questions_missed']} | {f['loops']} | "
            f"{f['dead_ends']} | "
            f"{f['echoes']} | {f['contradictions']} | {f['language_right']}/{f['language_total']} |"
        )
    lines += ["", f"## Failing items ({len(report['failing'])})", ""]
    for item in report["failing"][:max_failures]:
        lines.append(f"- **{item['id']}** ({item['part']}, {item['suite']}/{item['category']})")
        lines += [f"  - {reason}" for reason in item["reasons"]]
    if len(report["failing"]) > max_failures:
        lines.append(f"- ... {len(report['failing']) - max_failures} more in report.json")
    return "\n".join(lines) + "\n"


def write(report: dict[str, Any], directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / "report.json", directory / "report.md"
    json_path.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    md_path.write_text(markdown(report), encoding="utf-8")
    return json_path, md_path
