"""What the library side costs a process: the action server's cold start and memory, and
how long the advisor's command line takes to answer.

Both run as fresh processes, exactly as a user or an operator starts them, so the import
time of everything they pull in (spaCy, SQLAlchemy, and TensorFlow if something lets it in)
is part of the figure. Whether TensorFlow got loaded is recorded too: it is the one import
that turns a 100 MB, sub-second process into a 500 MB, multi-second one.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench import procs
from harness.stack import PROJECT_ROOT, free_port, http_json

PYTHON = str(Path(sys.executable).parent / "python")
HEALTH_POLL_S = 0.02
ACTIONS_START_TIMEOUT_S = 120.0
CLI_TIMEOUT_S = 120.0
# A realistic counselor's question, as the README shows it.
ADVISOR_ARGUMENTS = (
    "recommend",
    "--education",
    "B.Com from DU",
    "--skills",
    "excel, tally",
    "--goals",
    "stable job soon",
    "--preferences",
    "non voice",
)
TENSORFLOW_MARKER = "tensorflow"
# The first real call after the start: a knowledge-base question, as Rasa sends it. It loads
# the catalog and the FAQ index, the costs an action server defers to its first turn.
FIRST_ACTION_CALL = {
    "next_action": "action_answer_faq",
    "sender_id": "bench-cold-start",
    "tracker": {
        "sender_id": "bench-cold-start",
        "slots": {},
        "latest_message": {
            "text": "what salary does a KPO fresher get",
            "intent": {"name": "ask_faq", "confidence": 1.0},
            "entities": [],
        },
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    },
    "domain": {},
    "version": "3.6.2",
}


def _environment(database_url: str) -> dict[str, str]:
    return dict(
        os.environ,
        DATABASE_URL=database_url,
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONDONTWRITEBYTECODE="1",
        RASA_TELEMETRY_ENABLED="false",
    )


def ensure_database(database_url: str) -> None:
    """Builds the knowledge base at ``database_url`` when it is missing (in a child process,
    so the timed processes below find it ready and the bench process stays lean)."""
    built = subprocess.run(
        [PYTHON, "-m", "careerpath.kb", "build"],
        cwd=PROJECT_ROOT,
        env=_environment(database_url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if built.returncode != 0:
        raise RuntimeError(f"python -m careerpath.kb build failed: {built.stderr[-800:]}")


def _health_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _first_action_seconds(webhook_url: str, started: float) -> float | None:
    """Seconds from process start until the first action call is answered with a reply
    (None when the call fails: the action changed; the /health figure still stands)."""
    status, body = http_json(
        "POST", webhook_url, FIRST_ACTION_CALL, timeout=ACTIONS_START_TIMEOUT_S
    )
    if status != 200 or not isinstance(body, dict) or not body.get("responses"):
        return None
    return round(time.monotonic() - started, 3)


def loads_tensorflow(pid: int | None) -> bool | None:
    """Whether a living process has any TensorFlow library mapped (None: cannot tell)."""
    if pid is None:
        return None
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return None
    return TENSORFLOW_MARKER in maps


def action_server_start(database_url: str, log_path: Path) -> dict:
    """One cold start of ``python -m actions.server``: seconds until /health first answers and
    until a first action call is answered, its peak memory at both points, and whether
    TensorFlow is mapped; the server is stopped after."""
    port = free_port()
    health_url = f"http://127.0.0.1:{port}/health"
    with log_path.open("ab") as log:
        started = time.monotonic()
        process = subprocess.Popen(
            [PYTHON, "-m", "actions.server", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=_environment(database_url),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    procs.remember(process.pid)
    try:
        while not _health_answers(health_url):
            if process.poll() is not None:
                raise RuntimeError(
                    f"the action server exited with {process.returncode}; see {log_path}"
                )
            if time.monotonic() - started > ACTIONS_START_TIMEOUT_S:
                raise RuntimeError(f"the action server did not answer /health; see {log_path}")
            time.sleep(HEALTH_POLL_S)
        seconds = time.monotonic() - started
        at_health = procs.peak_rss_mb(process.pid)
        return {
            "seconds_to_health": round(seconds, 3),
            "peak_rss_mb_at_health": at_health,
            "seconds_to_first_action": _first_action_seconds(
                f"http://127.0.0.1:{port}/webhook", started
            ),
            "peak_rss_mb_after_first_action": procs.peak_rss_mb(process.pid),
            "tensorflow_loaded": loads_tensorflow(process.pid),
        }
    finally:
        procs.stop_process_group(process)


def _largest(values) -> float | None:
    known = [value for value in values if value is not None]
    return max(known) if known else None


def action_server_cold_starts(database_url: str, workdir: Path, runs: int) -> dict:
    """``runs`` cold starts one after another; the median is the figure to compare."""
    ensure_database(database_url)
    log_path = workdir / "actions-cold-start.log"
    starts = [action_server_start(database_url, log_path) for _ in range(runs)]
    seconds = [start["seconds_to_health"] for start in starts]
    first_action = [start["seconds_to_first_action"] for start in starts]
    return {
        "runs": runs,
        "median_s": round(statistics.median(seconds), 3),
        "max_s": round(max(seconds), 3),
        "peak_rss_mb_at_health": _largest(start["peak_rss_mb_at_health"] for start in starts),
        "first_action_median_s": (
            None if None in first_action else round(statistics.median(first_action), 3)
        ),
        "peak_rss_mb_after_first_action": _largest(
            start["peak_rss_mb_after_first_action"] for start in starts
        ),
        "tensorflow_loaded": any(start["tensorflow_loaded"] for start in starts),
        "starts": starts,
    }


ADVISOR_COMMAND = ("-m", "careerpath.advisor")
# The same CLI run through runpy, reporting on stderr what the process imported by the end.
# Untimed: it only tells whether TensorFlow got in (a name imported and then blocked, as
# careerpath.profiling.nlp does for thinc, leaves no module behind and does not count).
ADVISOR_WITH_MODULE_REPORT = (
    "-c",
    "import runpy, sys\n"
    "sys.argv[0] = 'careerpath.advisor'\n"
    "try:\n"
    "    runpy.run_module('careerpath.advisor', run_name='__main__', alter_sys=True)\n"
    "finally:\n"
    "    loaded = [name for name, module in sys.modules.items() if module is not None]\n"
    "    tensorflow = any(name.split('.')[0] == 'tensorflow' for name in loaded)\n"
    "    print(f'modules-report {len(loaded)} {tensorflow}', file=sys.stderr)\n",
)
MODULES_REPORT = re.compile(r"^modules-report (\d+) (True|False)$", re.MULTILINE)


def _run_advisor_cli(database_url: str, command: tuple[str, ...] = ADVISOR_COMMAND) -> tuple:
    started = time.monotonic()
    completed = subprocess.run(
        [PYTHON, *command, *ADVISOR_ARGUMENTS],
        cwd=PROJECT_ROOT,
        env=_environment(database_url),
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_S,
    )
    seconds = time.monotonic() - started
    if completed.returncode != 0 or not completed.stdout.strip():
        raise RuntimeError(
            f"the advisor CLI exited with {completed.returncode}: {completed.stderr[-500:]}"
        )
    return seconds, completed


def advisor_cli(database_url: str, runs: int) -> dict:
    """Wall time of ``python -m careerpath.advisor recommend ...`` from process start to exit
    (the knowledge base is already built), ``runs`` times; then one untimed run that reports
    how many modules the process loaded and whether TensorFlow was among them."""
    ensure_database(database_url)
    seconds = [_run_advisor_cli(database_url)[0] for _ in range(runs)]
    _, reported = _run_advisor_cli(database_url, ADVISOR_WITH_MODULE_REPORT)
    report = MODULES_REPORT.search(reported.stderr)
    return {
        "command": "python -m careerpath.advisor "
        + " ".join(f'"{part}"' if " " in part else part for part in ADVISOR_ARGUMENTS),
        "runs": runs,
        "median_s": round(statistics.median(seconds), 3),
        "max_s": round(max(seconds), 3),
        "modules_loaded": int(report.group(1)) if report else None,
        "tensorflow_loaded": report.group(2) == "True" if report else None,
    }


def measure_footprint(workdir: Path, runs: int) -> dict:
    """Both measurements on their own knowledge-base file in ``workdir``."""
    database_url = f"sqlite:///{workdir / 'footprint.db'}"
    return {
        "action_server": action_server_cold_starts(database_url, workdir, runs),
        "advisor_cli": advisor_cli(database_url, runs),
    }
