#!/usr/bin/env bash
# Install EduKPI into .venv and start it on the embedded SQLite database with demo data.
#   bash scripts/start.sh            → http://localhost:8501
#   PORT=8600 bash scripts/start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
. scripts/venv.sh
make_venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
.venv/bin/python -m kpis init --demo
exec .venv/bin/python app.py --server.port "${PORT:-8501}" --server.address "${ADDRESS:-0.0.0.0}"
