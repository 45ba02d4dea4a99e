#!/usr/bin/env bash
# A hint on request in the app: F3 at a question with a hint shows it, and the
# step then earns its points less the hint's cost (3.75 of 4 here). Then,
# played again: a wrong number brings "Not quite", the hint, and a second
# try (3.25 of 4: the try costs half the step, the hint a quarter).
. "$(dirname "$0")/lib.sh"

tui_start 100 30
wait_for "Quiz:"
open_athena
athena_to_the_number
# With the hint on screen: the right number, the last question, the score.
finish_with_hint() {
  wait_for "Hint: Athena has a minimum charge per query."
  keys 1 0 Enter
  wait_for "What is charged?"
  keys 1 Enter
  wait_for "Press any key for the debrief"
  keys Enter
  wait_for "Score: $1/4"
  keys Enter
  wait_for "Quiz:"
}

wait_for "A hint is available"
keys F3
finish_with_hint 3.75
open_athena
athena_to_the_number
keys 3 Enter
wait_for "Not quite. Try again: now it can earn at most 0.25 of 1 points."
finish_with_hint 3.25
keys q
wait_for "EXIT=0"
expect_terminal_restored

"$BDW" --db "$DB" progress --json >"$T/progress.json" || fail "bdw progress --json failed"
python3 - "$T/progress.json" <<'PY' || { cat "$T/progress.json" >&2; fail "the hint is not stored"; }
import json, sys
a = json.load(open(sys.argv[1]))["attempts"]
assert [x["answer"] for x in a[1]["answers"]] == ["1", "1", "?10", "1"], a[1]["answers"]
assert a[1]["score"] == 3.75, a[1]["score"]
assert [x["answer"] for x in a[0]["answers"]] == ["1", "1", "?3;10", "1"], a[0]["answers"]
assert a[0]["score"] == 3.25, a[0]["score"]
PY
echo "1 passed, 0 failed"
