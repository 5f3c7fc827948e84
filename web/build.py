"""Builds web/widget.js, the file pages embed, from the readable sources in web/src/.

Pages embed the widget with ONE ``<script>`` tag, so the build joins the modules into one
immediately-invoked function (they share its scope, like the sections of one long function
they used to be) and turns ``widget.css`` into the ``CSS`` string the widget puts in its
shadow root. Plain Python, no npm.

    .venv/bin/python web/build.py          # rewrite web/widget.js
    .venv/bin/python web/build.py --check  # exit 1 when web/widget.js is not current

tests/test_web_widget.py runs the check, so a change to web/src without a rebuild fails.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

WEB = Path(__file__).resolve().parent
SOURCES = WEB / "src"
OUTPUT = WEB / "widget.js"
INTRO = "intro.js"  # the embedding instructions, kept as the output's leading comment
# In order: a module may use at load time only what an earlier one defined (functions are
# hoisted, variables are not). The CSS string comes right before the panel that uses it.
MODULES = (
    "settings.js",
    "wording.js",
    "storage.js",
    "dom.js",
    "messages.js",
    "cards.js",
    "replies.js",
    "transport.js",
)
STYLES = "widget.css"
PANEL = "panel.js"
INDENT = "  "


def _indented(source: str) -> str:
    return "".join(
        INDENT + line if line.strip() else line for line in source.splitlines(keepends=True)
    )


def build() -> str:
    """The text of web/widget.js."""
    parts = [
        (SOURCES / INTRO).read_text(encoding="utf-8").rstrip("\n") + "\n",
        "(function () {\n",
        INDENT + '"use strict";\n',
    ]
    for name in MODULES:
        parts += ["\n", _indented((SOURCES / name).read_text(encoding="utf-8").rstrip("\n") + "\n")]
    css = (SOURCES / STYLES).read_text(encoding="utf-8")
    parts += [
        "\n",
        f"{INDENT}// Built from web/src/{STYLES}, one string per line.\n",
        f"{INDENT}var CSS = [\n",
    ]
    parts += [f"{INDENT * 2}{json.dumps(line, ensure_ascii=False)},\n" for line in css.splitlines()]
    parts.append(f'{INDENT}].join("\\n");\n')
    parts += ["\n", _indented((SOURCES / PANEL).read_text(encoding="utf-8").rstrip("\n") + "\n")]
    parts.append("})();\n")
    return "".join(parts)


def main(argv: list) -> int:
    built = build()
    if "--check" in argv:
        if OUTPUT.read_text(encoding="utf-8") != built:
            print(f"{OUTPUT} is not current: run .venv/bin/python web/build.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(built, encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(built.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
