#!/usr/bin/env bash
# Installs the Debian packages bdw needs, only when some are missing.
# usage: scripts/deps.sh run|test|bench
set -euo pipefail
pkgs=(build-essential cmake pkg-config libncurses-dev liblua5.4-dev libsqlite3-dev
      libjansson-dev libmd-dev)
case "${1:-run}" in
  test)  pkgs+=(libcmocka-dev tmux clang libclang-rt-14-dev clang-format sqlite3 python3 time git) ;;
  bench) pkgs+=(hyperfine time python3) ;;
esac
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "deps: installing ${missing[*]}" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
