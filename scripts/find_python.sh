#!/usr/bin/env bash
# Prints the path of a working Python 3.10 interpreter (Rasa 3.6 refuses 3.11+).
# Looks on PATH first, then in every pyenv installation; exits 1 with advice if none works.
set -u

works() { "$1" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }

for candidate in "${PYTHON310:-}" python3.10; do
    [ -n "$candidate" ] || continue
    path=$(command -v "$candidate" 2>/dev/null) || continue
    # A pyenv shim exists even when its version is not selected, so try it rather than trust it.
    if works "$path"; then echo "$path"; exit 0; fi
done

pyenv_root=$( (pyenv root 2>/dev/null) || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for path in "$pyenv_root"/versions/3.10*/bin/python3.10; do
    if [ -x "$path" ] && works "$path"; then echo "$path"; exit 0; fi
done

cat >&2 <<'MSG'
CareerPath needs Python 3.10 (Rasa 3.6 does not run on 3.11 or newer), and none was found.
Install one of these, then run the command again:
  * Debian/Ubuntu:  sudo apt-get install python3.10 python3.10-venv
  * pyenv:          pyenv install 3.10
  * or point PYTHON310 at an interpreter:  make run PYTHON310=/path/to/python3.10
MSG
exit 1
