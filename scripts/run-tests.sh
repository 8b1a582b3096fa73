#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite (browser tests included).
# Usage: bash scripts/run-tests.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  # Playwright cannot download its own browser here: the tests drive Debian's Chromium.
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

# A virtual environment of the project's own, so this works where the system Python refuses
# `pip install` (PEP 668) as well as on a plain CPython.
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check ".[test]"
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
