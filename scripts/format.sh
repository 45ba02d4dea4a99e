#!/usr/bin/env bash
# Formats the repository's C files with clang-format and its .clang-format.
# usage: scripts/format.sh [--check]   (--check changes nothing, and fails
# naming each file that is not formatted)
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files -- '*.c' '*.h')
[ ${#files[@]} -gt 0 ] || exit 0
if [ "${1:-}" = "--check" ]; then
  if ! clang-format --dry-run --Werror "${files[@]}" 2>"${TMPDIR:-/tmp}/bdw-format.$$"; then
    grep -o '^[^:]*\.[ch]' "${TMPDIR:-/tmp}/bdw-format.$$" | sort -u | sed 's/^/not formatted: /' >&2
    rm -f "${TMPDIR:-/tmp}/bdw-format.$$"
    echo "run 'make format' to format them" >&2
    exit 1
  fi
  rm -f "${TMPDIR:-/tmp}/bdw-format.$$"
  echo "format: ${#files[@]} files formatted"
else
  clang-format -i "${files[@]}"
fi
