#!/usr/bin/env bash
# The whole stack on this machine, on loopback: PostgreSQL, migrations, N replicas, nginx.
#   bash deploy/local-cluster.sh up --replicas 2 [--port 8080] [--secrets .streamlit/secrets.toml]
#   bash deploy/local-cluster.sh status
#   bash deploy/local-cluster.sh down
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "up" ]; then
  bash scripts/setup.sh --cluster >&2
fi
exec .venv/bin/python -m deploy "$@"
