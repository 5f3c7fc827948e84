"""The targets the benchmark judges, each marked pass / fail / not measured.

Throughput and latency are judged against the stock `rasa init` assistant measured in the
same run; the library-side figures (action server, advisor CLI) against fixed limits.
"""

from __future__ import annotations

TARGETS = {
    "throughput_ratio_20_users": {
        "target": ">= 2.0",
        "threshold": 2.0,
        "higher_is_better": True,
        "what": "CareerPath / stock messages per second at 20 users",
    },
    "throughput_ratio_20_users_2_workers": {
        "target": ">= 2.0",
        "threshold": 2.0,
        "higher_is_better": True,
        "what": "CareerPath with 2 Rasa workers (Redis lock store) / stock messages per second "
        "at 20 users",
    },
    "p50_ratio_1_user": {
        "target": "<= 1.0",
        "threshold": 1.0,
        "higher_is_better": False,
        "what": "CareerPath / stock p50 latency per turn at 1 user",
    },
    "actions_peak_rss_mb": {
        "target": "<= 250 MB",
        "threshold": 250.0,
        "higher_is_better": False,
        "what": "action server peak RSS after the conversations (MB)",
    },
    "actions_cold_start_s": {
        "target": "<= 2.0 s",
        "threshold": 2.0,
        "higher_is_better": False,
        "what": "action server cold start: process start to first /health answer (median)",
    },
    "advisor_cli_s": {
        "target": "<= 1.5 s",
        "threshold": 1.5,
        "higher_is_better": False,
        "what": "`python -m careerpath.advisor recommend ...` answer time, start to exit (median)",
    },
    "training_cold_s": {
        "target": "<= 180 s",
        "threshold": 180.0,
        "higher_is_better": False,
        "what": "CareerPath cold full training",
    },
    "training_nlu_change_s": {
        "target": "<= 30 s",
        "threshold": 30.0,
        "higher_is_better": False,
        "what": "CareerPath retraining after an NLU-only change",
    },
}


def level_of(results: dict, bot: str, users: int) -> dict | None:
    for level in (results.get("conversations") or {}).get(bot, {}).get("levels", []):
        if level["users"] == users:
            return level
    return None


def ratio(numerator, denominator) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def compute_targets(results: dict) -> dict[str, dict]:
    """Ratios and targets, each marked pass / fail / not measured."""
    cp20, st20 = level_of(results, "careerpath", 20), level_of(results, "stock", 20)
    two20 = level_of(results, "careerpath_2_workers", 20)
    cp1, st1 = level_of(results, "careerpath", 1), level_of(results, "stock", 1)
    training = (results.get("training") or {}).get("careerpath") or {}
    footprint = results.get("footprint") or {}
    careerpath_server = (results.get("servers") or {}).get("careerpath") or {}

    def seconds(step: str) -> float | None:
        run = training.get(step) or {}
        return run.get("seconds") if run.get("ok") else None

    values = {
        "throughput_ratio_20_users": ratio(
            cp20 and cp20["messages_per_s"], st20 and st20["messages_per_s"]
        ),
        "throughput_ratio_20_users_2_workers": ratio(
            two20 and two20["messages_per_s"], st20 and st20["messages_per_s"]
        ),
        "p50_ratio_1_user": ratio(cp1 and cp1["p50_ms"], st1 and st1["p50_ms"]),
        "actions_peak_rss_mb": (careerpath_server.get("peak_rss_mb") or {}).get("actions"),
        "actions_cold_start_s": (footprint.get("action_server") or {}).get("median_s"),
        "advisor_cli_s": (footprint.get("advisor_cli") or {}).get("median_s"),
        "training_cold_s": seconds("cold"),
        "training_nlu_change_s": seconds("nlu_change"),
    }
    targets = {}
    for name, spec in TARGETS.items():
        value = values[name]
        if value is None:
            status = "not measured"
        elif spec["higher_is_better"]:
            status = "pass" if value >= spec["threshold"] else "fail"
        else:
            status = "pass" if value <= spec["threshold"] else "fail"
        targets[name] = {
            "value": value,
            "target": spec["target"],
            "status": status,
            "what": spec["what"],
        }
    return targets
