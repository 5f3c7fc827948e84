"""The measurements themselves: load levels through the REST channel, the quick (smoke)
set that also runs against the test suite's stack, and the facts every report starts with.
"""

from __future__ import annotations

import datetime
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench import procs
from bench.advisor import advisor_benchmark
from bench.conversations import (
    CAREERPATH_CONVERSATIONS,
    reached_recommendation,
)
from bench.footprint import loads_tensorflow, measure_footprint
from bench.levers import levers
from bench.load import Conversation, run_level_sync
from bench.nlu import holdout_accuracy
from harness.stack import PROJECT_ROOT


@dataclass
class Limits:
    """How long a load level may run: whichever bound is hit first."""

    max_seconds: float
    conversations_per_user: int
    min_conversations: int

    def conversations(self, users: int) -> int:
        return max(self.min_conversations, users * self.conversations_per_user)


FULL_LIMITS = Limits(max_seconds=60, conversations_per_user=10, min_conversations=20)
QUICK_FOOTPRINT_RUNS = 3
QUICK_LIMITS = Limits(max_seconds=15, conversations_per_user=2, min_conversations=3)


def log(message: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def warm_up(rest_url: str, conversations: list[Conversation], sender_prefix: str) -> None:
    """One unmeasured conversation, so first-call costs (graph loading, caches) stay out of
    the numbers."""
    run_level_sync(rest_url, conversations[:1], 1, 1, 120, sender_prefix=f"{sender_prefix}-warmup")


def measure_level(
    rest_url: str,
    conversations: list[Conversation],
    users: int,
    limits: Limits,
    check_goal: bool,
    sender_prefix: str,
    label: str = "",
) -> dict:
    log(
        f"  {label}{users} users (<= {limits.conversations(users)} conversations, <= "
        f"{limits.max_seconds:.0f} s)"
    )
    result = run_level_sync(
        rest_url,
        conversations,
        users,
        limits.conversations(users),
        limits.max_seconds,
        reached_goal=reached_recommendation if check_goal else None,
        sender_prefix=f"{sender_prefix}-{users}u",
    )
    summary = result.summary()
    log(
        f"    {summary['messages_per_s']} msg/s, p50 {summary['p50_ms']} ms, "
        f"p95 {summary['p95_ms']} ms, errors {summary['errors']}, "
        f"empty {summary['empty_replies']}, "
        f"reached {summary['conversations_reached_goal']}"
    )
    return summary


def measure_conversations(
    rest_url: str,
    conversations: list[Conversation],
    users: Sequence[int],
    limits: Limits,
    check_goal: bool,
    sender_prefix: str,
) -> list[dict]:
    """One warm-up conversation, then each load level in turn."""
    warm_up(rest_url, conversations, sender_prefix)
    return [
        measure_level(rest_url, conversations, count, limits, check_goal, sender_prefix)
        for count in users
    ]


def careerpath_setup_text(endpoints_text: str | None) -> str:
    store = "SQL tracker store (SQLite), in-memory lock store"
    if endpoints_text:
        config = yaml.safe_load(endpoints_text.replace("{actions_url}", "x")) or {}
        tracker_store = config.get("tracker_store") or {}
        tracker = tracker_store.get("type", "in memory")
        if tracker_store.get("dialect"):
            tracker += f" ({tracker_store['dialect']})"
        lock = (config.get("lock_store") or {}).get("type", "in memory")
        store = f"tracker store {tracker}, lock store {lock}"
    return (
        f"models/careerpath.tar.gz + action server, {store}, "
        f"{len(CAREERPATH_CONVERSATIONS)} scripted intakes of 8 turns"
    )


def quick_measurements(
    rest_url: str,
    rasa_url: str,
    workdir: Path,
    users: Sequence[int] = (1, 5),
    limits: Limits = QUICK_LIMITS,
    endpoints_text: str | None = None,
    actions_pid: int | None = None,
    footprint_runs: int = QUICK_FOOTPRINT_RUNS,
) -> dict:
    """The smoke measurements against an already running CareerPath stack (also used by the
    e2e test). ``actions_pid``: that stack's action server, whose peak memory is reported."""
    results = {
        "meta": run_meta("quick", users, limits),
        "advisor": advisor_benchmark(workdir, max_seconds=2, max_profiles=200),
        "footprint": measure_footprint(workdir, footprint_runs),
    }
    results["conversations"] = {
        "careerpath": {
            "label": "CareerPath",
            "setup": careerpath_setup_text(endpoints_text),
            "levels": measure_conversations(
                rest_url, CAREERPATH_CONVERSATIONS, users, limits, True, "quick"
            ),
        }
    }
    results["nlu"] = {"holdout": holdout_accuracy(rasa_url)}
    results["levers"] = levers()
    if actions_pid is not None:
        results["servers"] = {"careerpath": process_facts({"actions": actions_pid})}
    return results


def process_facts(pids: dict[str, int | None], cold_start: dict | None = None) -> dict:
    """What the report says about each server process after the load: peak memory, whether
    TensorFlow is loaded, and its cold start when it was timed."""
    return {
        "cold_start": {name: cold.to_dict() for name, cold in (cold_start or {}).items()},
        "peak_rss_mb": {name: procs.peak_rss_mb(pid) for name, pid in pids.items()},
        "tensorflow_loaded": {name: loads_tensorflow(pid) for name, pid in pids.items()},
    }


def _git_commit() -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
            + " (plus uncommitted changes, if any)"
        )
    except (OSError, subprocess.SubprocessError):
        return "?"


def run_meta(mode: str, users: Sequence[int], limits: Limits) -> dict:
    """The facts about the run and the machine that every report starts with."""
    return {
        "mode": mode,
        "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "cpus": procs.cpu_count(),
        "load_before": procs.load_average(),
        "git_commit": _git_commit(),
        "users": list(users),
        "limits": dict(limits.__dict__),
    }
