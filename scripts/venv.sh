# Sourced by start.sh and test.sh: create .venv with $PYTHON. Debian's own Python 3.11 lacks the
# venv module until python3-venv is installed, so install it when that is the reason and we can.
make_venv() {
  [ -x .venv/bin/python ] && return 0
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      echo "安装系统软件包：python3-venv"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv .venv
    else
      echo "无法创建虚拟环境：请先安装 python3-venv（Debian/Ubuntu：sudo apt-get install python3-venv）。" >&2
      return 1
    fi
  fi
}
