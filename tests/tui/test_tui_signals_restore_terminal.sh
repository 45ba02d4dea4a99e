#!/usr/bin/env bash
# SIGTERM, SIGHUP and Ctrl-C (SIGINT) end bdw with 128+signal and give the
# terminal back: canonical input, echo and signals on again in the pane.
. "$(dirname "$0")/lib.sh"

passes=0
for sig in TERM HUP INT; do
  tui_start 100 30
  wait_for "What will this Athena query cost?"
  if [ "$sig" = INT ]; then
    keys C-c
    want=130
  else
    pid=$(bdw_pid)
    [ -n "$pid" ] || fail "cannot find the bdw process"
    kill -"$sig" "$pid"
    want=$([ "$sig" = TERM ] && echo 143 || echo 129)
  fi
  wait_for "EXIT=$want"
  expect_terminal_restored
  passes=$((passes + 1))
done

# A crash signal restores the terminal, then dies of the signal itself
# (the default action: 128 + the signal number).
for sig in SEGV ABRT; do
  tui_start 100 30
  wait_for "What will this Athena query cost?"
  pid=$(bdw_pid)
  [ -n "$pid" ] || fail "cannot find the bdw process"
  kill -"$sig" "$pid"
  want=$([ "$sig" = SEGV ] && echo 139 || echo 134)
  wait_for "EXIT=$want"
  expect_terminal_restored
  passes=$((passes + 1))
done

# In the middle of a scenario too: the terminal comes back, the answer
# already given is kept and the attempt stays open for resuming.
tui_start 100 30
open_athena
wait_for "What does Athena charge for this query?"
keys 1 Enter
wait_for "What do you change?"
kill -TERM "$(bdw_pid)"
wait_for "EXIT=143"
expect_terminal_restored
"$BDW" --db "$DB" progress --json >"$T/p.json" || fail "progress --json failed"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["attempts"]
assert len(a) == 1 and a[0]["status"] == "open" and a[0]["answer_count"] == 1, a
' "$T/p.json" || { cat "$T/p.json" >&2; fail "the answer given before SIGTERM is not kept"; }
passes=$((passes + 1))
echo "$passes passed, 0 failed"
