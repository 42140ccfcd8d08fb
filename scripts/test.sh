#!/usr/bin/env bash
# Install what the tests need and run every test: unit, AppTest, PostgreSQL and browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/python -m ruff check --select F,E9 --ignore F811 --quiet .
exec .venv/bin/python -m pytest "$@"
