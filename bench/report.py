"""results.json (everything) and results.md (the tables) in bench/results/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.tables import cell, table, yes_no
from bench.targets import compute_targets, level_of, ratio


def _conversation_rows(results: dict) -> list[list[Any]]:
    rows = []
    for bot, data in (results.get("conversations") or {}).items():
        for level in data.get("levels", []):
            goal = (
                level["conversations_reached_goal"] if bot != "stock" else "n/a"
            )  # the mood bot has no goal
            rows.append(
                [
                    data.get("label", bot),
                    level["users"],
                    f"{level['conversations_completed']}/{level['conversations_started']}",
                    goal,
                    level["turns"],
                    level["messages_per_s"],
                    level["p50_ms"],
                    level["p95_ms"],
                    level["p99_ms"],
                    level["errors"],
                    level["empty_replies"],
                    level["elapsed_s"],
                ]
            )
    return rows


def _footprint_lines(footprint: dict) -> list[str]:
    """The library-side processes started fresh: the action server and the advisor CLI."""
    if not footprint:
        return []
    rows = []
    server = footprint.get("action_server")
    if server:
        rows.append(
            [
                "`python -m actions.server`: start to first /health",
                server["runs"],
                server["median_s"],
                server["max_s"],
                server["peak_rss_mb_at_health"],
                "",
            ]
        )
        rows.append(
            [
                "`python -m actions.server`: start to its first action call answered "
                "(a knowledge-base question)",
                server["runs"],
                server.get("first_action_median_s"),
                None,
                server.get("peak_rss_mb_after_first_action"),
                yes_no(server["tensorflow_loaded"]),
            ]
        )
    cli = footprint.get("advisor_cli")
    if cli:
        rows.append(
            [
                f"`{cli['command']}`: start to exit",
                cli["runs"],
                cli["median_s"],
                cli["max_s"],
                None,
                yes_no(cli["tensorflow_loaded"]),
            ]
        )
    return [
        "## Library processes (fresh starts)",
        "",
        "Each started as its own process, the knowledge base already built. TensorFlow = "
        "whether it was loaded by the end (mapped libraries; for the CLI, its modules at exit).",
        "",
        *table(["process", "runs", "median s", "max s", "peak RSS MB", "TensorFlow"], rows),
    ]


def render_markdown(results: dict) -> str:
    meta = results["meta"]
    lines = [
        f"# CareerPath benchmarks ({meta['mode']} run)",
        "",
        f"- When: {meta['started']} (took {meta.get('duration_s', '?')} s); git "
        f"{meta.get('git_commit', '?')}",
        f"- Machine: {meta['cpus']} CPUs, load average before {meta['load_before']}, after "
        f"{meta.get('load_after')}",
        f"- Noise: the CPUs were {meta.get('noise', {}).get('machine_busy_percent', '?')} % busy "
        "during the run (everything, the bench's own servers included); other processes that "
        "used CPU meanwhile (other helpers' tests, servers): "
        + ("; ".join(meta.get("noise", {}).get("other_processes", [])) or "none noticed"),
        "- All traffic on loopback (127.0.0.1), REST channel, fresh sender id per conversation.",
        "",
    ]
    targets = results.get("targets") or {}
    if targets:
        lines += ["## Targets", ""]
        lines += table(
            ["metric", "value", "target", "status"],
            [
                [spec["what"], spec["value"], spec["target"], spec["status"]]
                for spec in targets.values()
            ],
        )
    if results.get("conversations"):
        lines += [
            "## Conversations (REST channel)",
            "",
            "Latencies are per turn (one user message -> all bot replies), in ms. "
            "'reached' = conversations that ended with recommendation cards.",
            "",
        ]
        lines += table(
            [
                "bot",
                "users",
                "conversations done/started",
                "reached",
                "turns",
                "msg/s",
                "p50",
                "p95",
                "p99",
                "errors",
                "empty",
                "seconds",
            ],
            _conversation_rows(results),
        )
        for bot, data in results["conversations"].items():
            if data.get("setup"):
                lines.append(f"- {data.get('label', bot)}: {data['setup']}")
            breakdown = data.get("turn_breakdown")
            if breakdown:
                lines.append(
                    "  - median ms per executed action (policy prediction + action, from tracker "
                    "timestamps, "
                    "1 user): "
                    + ", ".join(
                        f"{name} {item['median_ms']} (n={item['count']})"
                        for name, item in list(breakdown.items())[:8]
                    )
                )
            parse = data.get("nlu_parse")
            if parse:
                lines.append(
                    f"  - NLU alone (/model/parse, sequential, {parse['calls']} calls): "
                    f"p50 {parse['p50_ms']} ms, p95 {parse['p95_ms']} ms"
                )
            for level in data.get("levels", []):
                for sample in level.get("error_samples", []):
                    lines.append(f"  - error sample ({level['users']} users): `{sample}`")
        lines.append("")
    if results.get("servers"):
        lines += [
            "## Cold start and memory",
            "",
            "Cold start = process start until ready (/status or /health) and until the first "
            "REST answer. Peak RSS = VmHWM of the process and its live children, read after the "
            "load. TensorFlow = whether any TensorFlow library is mapped into the process.",
            "",
        ]
        rows = []
        for bot, data in results["servers"].items():
            cold_starts = data.get("cold_start") or {}
            for process in dict.fromkeys([*cold_starts, *(data.get("peak_rss_mb") or {})]):
                cold = cold_starts.get(process) or {}
                rows.append(
                    [
                        bot,
                        process,
                        cold.get("seconds_to_ready"),
                        cold.get("seconds_to_first_answer"),
                        (data.get("peak_rss_mb") or {}).get(process),
                        yes_no((data.get("tensorflow_loaded") or {}).get(process)),
                    ]
                )
        lines += table(
            ["bot", "process", "ready s", "first answer s", "peak RSS MB", "TensorFlow"], rows
        )
    lines += _footprint_lines(results.get("footprint") or {})
    training = results.get("training")
    if training:
        lines += ["## Training", ""]
        rows = []
        for step, label in (
            ("cold", "cold (empty cache)"),
            ("nlu_change", "NLU-only change (cache)"),
            ("stories_change", "stories-only change (cache)"),
        ):
            run = (training.get("careerpath") or {}).get(step)
            if run:
                rows.append(
                    [
                        "CareerPath",
                        label,
                        run["seconds"] if run["ok"] else f"failed: {run.get('error')}",
                    ]
                )
        stock = training.get("stock")
        if stock:
            rows.append(
                [
                    "stock",
                    "cold: rasa init --no-prompt (scaffold + train)",
                    stock["seconds"] if stock["ok"] else f"failed: {stock.get('error')}",
                ]
            )
        for name, run in (training.get("variants") or {}).items():
            rows.append(
                [
                    f"variant {name}",
                    "cold",
                    run["seconds"] if run["ok"] else f"failed: {run.get('error')}",
                ]
            )
        lines += table(["bot", "training", "seconds"], rows)
    advisor = results.get("advisor")
    if advisor:
        lines += ["## Advisor", ""]
        lines += table(
            [
                "profiles",
                "roles in KB",
                "recommendations/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "profiles with a match",
            ],
            [
                [
                    advisor["profiles"],
                    advisor["roles_in_kb"],
                    advisor["recommendations_per_s"],
                    advisor["p50_ms"],
                    advisor["p95_ms"],
                    advisor["p99_ms"],
                    advisor["profiles_with_recommendations"],
                ]
            ],
        )
    nlu = results.get("nlu") or {}
    if nlu:
        lines += ["## NLU", ""]
        rows = []
        crossval = nlu.get("cross_validation")
        if crossval and crossval.get("ok"):
            intent = crossval.get("intent", {})
            rows.append(
                [
                    f"{crossval['folds']}-fold cross-validation: intent",
                    intent.get("weighted_f1"),
                    intent.get("macro_f1"),
                    f"{crossval['seconds']} s",
                ]
            )
            for extractor, scores in crossval.get("entities", {}).items():
                rows.append(
                    [
                        f"cross-validation: entities ({extractor})",
                        scores.get("weighted_f1"),
                        scores.get("macro_f1"),
                        "",
                    ]
                )
        elif crossval:
            rows.append(["cross-validation", "failed", crossval.get("error"), ""])
        holdout = nlu.get("holdout")
        if holdout and "skipped" not in holdout:
            rows.append(
                [
                    f"held-out intent accuracy ({holdout['examples']} messages, "
                    f"{holdout['predicted_nlu_fallback']} fell back)",
                    holdout["intent_accuracy"],
                    "",
                    "",
                ]
            )
            if holdout.get("entity_examples"):
                rows.append(
                    [
                        f"held-out entities exact ({holdout['entity_examples']} messages)",
                        holdout["entity_exact_match"],
                        "",
                        "",
                    ]
                )
        lines += table(["measure", "weighted F1 / accuracy", "macro F1", "time"], rows)
        if holdout and holdout.get("mistakes"):
            lines.append(
                "Held-out mistakes (first few): "
                + "; ".join(
                    f'"{m["text"]}" -> {m["predicted"]} (expected {m["expected"]})'
                    for m in holdout["mistakes"][:8]
                )
            )
            lines.append("")
    if results.get("levers"):
        lines += ["## Levers", ""]
        lines += table(
            ["lever", "CareerPath", "stock", "effect"],
            [
                [lever["lever"], lever["careerpath"], lever["stock"], lever["effect"]]
                for lever in results["levers"]
            ],
        )
    ablation = results.get("ablation") or {}
    if ablation.get("variants"):
        users = ablation.get("users")
        lines += [
            "## Ablation",
            "",
            f"CareerPath with one lever changed, {users} concurrent users (baseline = the "
            "CareerPath row above).",
            "",
        ]
        rows = []
        baseline = level_of(results, "careerpath", users)
        if baseline:
            rows.append(
                [
                    "baseline (project config)",
                    "",
                    baseline["messages_per_s"],
                    baseline["p50_ms"],
                    baseline["p95_ms"],
                    baseline["errors"],
                    "",
                ]
            )
        for name, data in ablation["variants"].items():
            level = data.get("level") or {}
            rows.append(
                [
                    name,
                    data.get("description"),
                    level.get("messages_per_s"),
                    level.get("p50_ms"),
                    level.get("p95_ms"),
                    level.get("errors"),
                    data.get("error")
                    or cell(
                        ratio(baseline and baseline["messages_per_s"], level.get("messages_per_s"))
                    ),
                ]
            )
        lines += table(
            [
                "variant",
                "what changed",
                "msg/s",
                "p50 ms",
                "p95 ms",
                "errors",
                "baseline / variant throughput",
            ],
            rows,
        )
    if results.get("missing"):
        lines += (
            ["## Not measured in this run", ""]
            + [f"- {item}" for item in results["missing"]]
            + [""]
        )
    return "\n".join(lines)


def write_reports(results: dict, out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    results["targets"] = compute_targets(results)
    json_path = out_dir / "results.json"
    json_path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    markdown_path = out_dir / "results.md"
    markdown_path.write_text(render_markdown(results) + "\n")
    return {"json": json_path, "markdown": markdown_path}
