#!/usr/bin/env bash
# Install what the tests need and run every test: unit, AppTest, PostgreSQL and browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
