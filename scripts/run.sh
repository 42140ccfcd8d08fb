#!/usr/bin/env bash
# Install, prepare the database (demo data when empty) and start the app on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m data_access init-db
exec .venv/bin/python -m streamlit run dashboard.py "$@"
