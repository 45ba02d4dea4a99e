#!/usr/bin/env bash
# Without a usable terminal bdw says why on stderr and exits 69
# (EX_UNAVAILABLE), with no crash: TERM=dumb, TERM unset, an unknown TERM,
# and output that is not a terminal.
. "$(dirname "$0")/lib.sh"

passes=0
check_term() { # ENV-ARGS EXPECTED-TEXT
  tui_start 100 30 "$1"
  wait_for "EXIT=69"
  wait_for "$2"
  expect_terminal_restored
  passes=$((passes + 1))
}
check_term "TERM=dumb" "cannot move the cursor"
check_term "-u TERM" "TERM is not set"
check_term "TERM=no-such-terminal-xyz" "is unknown"

"$BDW" --db "$DB" </dev/null >"$T/out" 2>"$T/err"
code=$?
[ "$code" = 69 ] || { cat "$T/err" >&2; fail "not a tty: exit $code, wanted 69"; }
grep -q "needs a terminal" "$T/err" || { cat "$T/err" >&2; fail "not a tty: no clear message"; }
[ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "not a tty: escape sequences written to stdout"; }
passes=$((passes + 1))
echo "$passes passed, 0 failed"
