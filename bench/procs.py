"""Process facts from /proc (peak resident memory of a process and its children, who else
used the CPU) and stopping the process groups the benchmark started."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

# Processes the benchmark started (servers, training runs): not "noise".
SPAWNED: set = set()


def remember(pid: int) -> None:
    SPAWNED.add(pid)
    SPAWNED.update(process_tree(pid))


def _status_field(pid: int, name: str) -> int | None:
    """A ``kB`` field of /proc/<pid>/status, in kB (None when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            # The command name may contain spaces and parentheses: the ppid follows the last ")".
            stat = Path(f"/proc/{entry}/stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    return children


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its living descendants."""
    children = _children_by_parent()
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(children.get(current, []))
    return tree


def peak_rss_mb(pid: int | None) -> float | None:
    """Sum of VmHWM (peak resident set) over the process and its living children, in MB.

    Children that already exited are not counted; Rasa and the action server run in one
    process each unless SANIC_WORKERS > 1, where the workers are living children.
    """
    if pid is None:
        return None
    peaks = [_status_field(member, "VmHWM") for member in process_tree(pid)]
    known = [peak for peak in peaks if peak is not None]
    return round(sum(known) / 1024, 1) if known else None


def cpu_count() -> int:
    return os.cpu_count() or 1


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def cpu_snapshot() -> dict[int, tuple]:
    """{pid: (name, cpu seconds so far)} for every process, plus the machine's busy and total
    jiffies under the key -1."""
    ticks = os.sysconf("SC_CLK_TCK")
    snapshot: dict[int, tuple] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            fields = stat.rsplit(")", 1)[1].split()
            snapshot[int(entry)] = (name, (int(fields[11]) + int(fields[12])) / ticks)
        except (OSError, ValueError, IndexError):
            continue
    cpu = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = cpu[3] + cpu[4]
    snapshot[-1] = ("machine", (sum(cpu) - idle, sum(cpu)))
    return snapshot


def noise_report(
    before: dict[int, tuple], after: dict[int, tuple], own_pids: list[int], limit: int = 6
) -> dict:
    """How busy the machine was between two snapshots, and who else used the CPU."""
    busy = after[-1][1][0] - before[-1][1][0]
    total = after[-1][1][1] - before[-1][1][1]
    own = set(own_pids)
    others = []
    for pid, (name, seconds) in after.items():
        if pid < 0 or pid in own or pid in SPAWNED:
            continue
        used = seconds - before[pid][1] if pid in before else seconds
        if used >= 1.0:
            others.append((used, f"{name} (pid {pid}): {used:.0f} s CPU"))
    others.sort(reverse=True)
    return {
        "machine_busy_percent": round(100.0 * busy / total, 1) if total else None,
        "other_processes": [text for _, text in others[:limit]],
    }


def stop_process_group(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM to the process group a benchmark started (``start_new_session=True``), then
    SIGKILL when it does not stop in ``timeout`` seconds."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
