#!/usr/bin/env bash
# Run the test suite (all but the browser tests, which the SQLite run covers) against PostgreSQL.
# Installs Debian's postgresql when missing (root + apt-get), starts it on loopback, and creates a
# throw-away role and database. Set EDUKPI_TEST_DATABASE_URL yourself to use another server.
#   bash scripts/test-postgres.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${EDUKPI_TEST_DATABASE_URL:-}" ]; then
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "安装 PostgreSQL（Debian postgresql）"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname='edukpi_test'\" | grep -q 1 || psql -q -c \"CREATE ROLE edukpi_test LOGIN SUPERUSER PASSWORD 'edukpi_test'\""
  su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='edukpi_test'\" | grep -q 1 || createdb -O edukpi_test edukpi_test"
  export EDUKPI_TEST_DATABASE_URL="postgresql+psycopg://edukpi_test:edukpi_test@127.0.0.1:5432/edukpi_test"
fi
[ -x .venv/bin/python ] || { echo "请先运行 bash scripts/test.sh 安装依赖" >&2; exit 2; }
echo "在 PostgreSQL 上运行测试：${EDUKPI_TEST_DATABASE_URL%%:*}://…"
exec .venv/bin/python -m pytest -m "not browser" "$@"
