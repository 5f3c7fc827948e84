"""`rasa ...` for the terminal chat (`make run`), without screens of other packages' warnings.

Rasa's dependencies (TensorFlow, jax, SQLAlchemy 1.4, pkg_resources, pyparsing, sanic-cors)
print deprecation warnings at start-up that a student trying the bot can do nothing about.
Filters alone cannot hold them back: sanic re-enables every DeprecationWarning ("once") when
it is imported, and Rasa adds its own filters later. So the printing itself is wrapped: a
deprecation-type warning raised inside an installed package is dropped; every other warning,
ours and Rasa's own notes included, and every log line and error, shows as before.

    python scripts/rasa_quietly.py shell --model models/careerpath.tar.gz
"""

from __future__ import annotations

import sys
import sysconfig
import warnings
from pathlib import Path

NOISE = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
INSTALLED = tuple(str(Path(sysconfig.get_paths()[key]).resolve()) for key in ("purelib", "platlib"))
_show = warnings.showwarning


def show_unless_installed_noise(message, category, filename, lineno, file=None, line=None):
    if issubclass(category, NOISE) and str(Path(filename).resolve()).startswith(INSTALLED):
        return
    _show(message, category, filename, lineno, file, line)


def main() -> int:
    warnings.showwarning = show_unless_installed_noise
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
