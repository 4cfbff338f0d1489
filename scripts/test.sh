#!/usr/bin/env bash
# Install EduKPI and its test tools into .venv and run the whole test suite, browser tests included.
# Installs Debian's chromium and fonts-noto-cjk when they are missing and it can (root + apt-get).
#   bash scripts/test.sh               # everything
#   bash scripts/test.sh -k catalog    # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
command -v soffice >/dev/null || need_apt+=(libreoffice-calc-nogui)  # upload round-trip tests
if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "安装系统软件包：${need_apt[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "缺少 ${need_apt[*]}，且无法自动安装（需要 root 和 apt-get）；浏览器测试将无法运行。" >&2
  fi
fi

. scripts/venv.sh
make_venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
