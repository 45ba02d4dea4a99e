#!/usr/bin/env bash
# A hint on request in the app: F3 at a question with a hint shows it, and the
# step then earns its points less the hint's cost (3.75 of 4 here).
. "$(dirname "$0")/lib.sh"

tui_start 100 30
wait_for "Quiz:"
open_athena
wait_for "What does Athena charge for this query?"
keys 1 Enter
wait_for "What do you change?"
keys 1 Enter
wait_for "How many megabytes are billed?"
wait_for "A hint is available"
keys F3
wait_for "Hint: Athena has a minimum charge per query."
keys 1 0 Enter
wait_for "What is charged?"
keys 1 Enter
wait_for "Press any key for the debrief"
keys Enter
wait_for "Score: 3.75/4"
keys Enter
wait_for "Quiz:"
keys q
wait_for "EXIT=0"
expect_terminal_restored

"$BDW" --db "$DB" progress --json >"$T/progress.json" || fail "bdw progress --json failed"
python3 - "$T/progress.json" <<'PY' || { cat "$T/progress.json" >&2; fail "the hint is not stored"; }
import json, sys
a = json.load(open(sys.argv[1]))["attempts"][0]
assert [x["answer"] for x in a["answers"]] == ["1", "1", "?10", "1"], a["answers"]
assert a["score"] == 3.75, a["score"]
PY
echo "1 passed, 0 failed"
