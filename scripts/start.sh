#!/usr/bin/env bash
# Install EduKPI into .venv and start it on the embedded SQLite database with demo data.
#   bash scripts/start.sh            → http://localhost:8501
#   PORT=8600 bash scripts/start.sh
#   EDUKPI_DEMO=0 bash scripts/start.sh   → no demo data; demo accounts (if any) cannot sign in
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
. scripts/venv.sh
make_venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
# Demo data and demo accounts only in demo mode (EDUKPI_DEMO, default on for the embedded database).
if .venv/bin/python -c "import sys; from seed.bootstrap import demo_mode_default; sys.exit(0 if demo_mode_default() else 1)"; then
  .venv/bin/python -m kpis init --demo
else
  .venv/bin/python -m kpis init
fi
# The notification worker runs beside the app and stops with it (docs/architecture.md, notify/).
.venv/bin/python -m kpis notify worker &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null; wait "$WORKER" 2>/dev/null' EXIT INT TERM
.venv/bin/python app.py --server.port "${PORT:-8501}" --server.address "${ADDRESS:-0.0.0.0}"
