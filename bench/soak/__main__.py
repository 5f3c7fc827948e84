"""python -m bench.soak [--quick] [--phase sqlite|replicas]: the reliability suite.

Faults under load on loopback (see bench/soak/run.py), counted from the tracker database
(bench/soak/audit.py). Writes bench/results/soak.md and soak.json and prints the table.
A benchmark, not a test: it reports; the targets (zero lost, duplicated, reset, spliced,
no visible error outside a fault window) are read from the table. The default run takes
about ten minutes on two cores; --quick about half.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time

from bench.soak.audit import markdown_table
from bench.soak.run import QUICK, Timing, log, replicas_phase, sqlite_phase
from harness.stack import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "bench" / "results"
WORKDIR = PROJECT_ROOT / "var" / "soak"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="10 users, shorter faults")
    parser.add_argument("--users", type=int, help="simulated users (default 50)")
    parser.add_argument(
        "--phase",
        choices=["sqlite", "replicas"],
        action="append",
        help="run only this phase (repeatable; default both)",
    )
    options = parser.parse_args(argv)
    timing = QUICK if options.quick else Timing()
    if options.users:
        timing.users = options.users
    phases = options.phase or ["sqlite", "replicas"]
    started = time.monotonic()
    results = []
    folder = WORKDIR  # servers' databases and logs of the latest run, kept for a look
    shutil.rmtree(folder, ignore_errors=True)
    if "sqlite" in phases:
        results += sqlite_phase(folder / "sqlite", timing)
    if "replicas" in phases:
        results += replicas_phase(folder / "replicas", timing)
    minutes = (time.monotonic() - started) / 60
    table = markdown_table(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    header = (
        f"Reliability suite: {timing.users} users, faults of {timing.fault:g} s, "
        f"{minutes:.1f} min in all ({time.strftime('%Y-%m-%d %H:%M')})\n\n"
    )
    (RESULTS / "soak.md").write_text(header + table + "\n")
    (RESULTS / "soak.json").write_text(
        json.dumps(
            {
                "timing": timing.__dict__,
                "minutes": round(minutes, 1),
                "scenarios": [result.as_dict() for result in results],
            },
            indent=2,
        )
    )
    print("\n" + header + table)
    for result in results:
        for sample in result.samples + [f"crash: {crash}" for crash in result.crashes]:
            print(f"  {result.name}: {sample}")
    log(f"written to {RESULTS / 'soak.md'}; server logs in {WORKDIR}")
    bad = sum(
        r.lost + r.duplicated + r.resets + r.splices + r.errors_outside + len(r.crashes)
        for r in results
    )
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
