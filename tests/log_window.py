"""Reading what servers logged while a test ran: the new lines of a log file that look like
problems (a traceback, an error)."""

from __future__ import annotations

import re

PROBLEM_LINE = re.compile(r"Traceback|ERROR|Exception")


class LogWindow:
    """The lines the servers log from now on (offsets taken at construction)."""

    def __init__(self, stack, names=("rasa", "actions")) -> None:
        self.paths = {name: stack.log_path(name) for name in names}
        self.offsets = {
            name: path.stat().st_size if path.exists() else 0 for name, path in self.paths.items()
        }

    def new_lines(self, name: str) -> list[str]:
        path = self.paths[name]
        if not path.exists():
            return []
        with path.open("rb") as log:
            log.seek(self.offsets[name])
            return log.read().decode("utf-8", errors="replace").splitlines()

    def problems(self) -> list[str]:
        return [
            f"{name}: {line}"
            for name in self.paths
            for line in self.new_lines(name)
            if PROBLEM_LINE.search(line)
        ]
