#!/bin/sh
# xuanti quickstart. Each command creates .venv (Python 3.11+) and installs what it needs.
#   ./run.sh demo   run the nightly job offline on the bundled demo and print the ranked topics
#   ./run.sh test   run the test suite
set -e
cd "$(dirname "$0")"
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
VENV=${XUANTI_VENV:-.venv}
STAMP="$VENV/.installed"
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "Installing into $VENV (first time takes about a minute)..." >&2
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  "$VENV/bin/python" -m pip install -q -e ".[test]"
  touch "$STAMP"
fi
cmd=${1:-demo}
[ $# -gt 0 ] && shift
case "$cmd" in
  demo) exec "$VENV/bin/xuanti" demo "$@" ;;
  test) exec "$VENV/bin/python" -m pytest "$@" ;;
  *) exec "$VENV/bin/xuanti" "$cmd" "$@" ;;
esac
