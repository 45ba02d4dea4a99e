#!/usr/bin/env bash
# The home screen lists the core pack and its scenario; playing it with the
# right answers (1, 1, 10, 1) reaches a 4/4 debrief; q quits with exit 0 and
# the terminal restored; the attempt and its 4 answers are in the store.
. "$(dirname "$0")/lib.sh"

tui_start 100 30
wait_for "AWS Big Data"
wait_for "(core "
wait_for "Quiz:"
wait_for "Progress"
open_athena
athena_to_the_number
keys 1 0 Enter
wait_for "What is charged?"
keys 1 Enter
wait_for "Press any key for the debrief"
keys Enter
wait_for "Debrief: What will this Athena query cost?"
wait_for "Score: 4/4"
wait_for "No anti-patterns hit."
keys Enter
wait_for "Quiz:"
keys q
wait_for "EXIT=0"
expect_terminal_restored

"$BDW" --db "$DB" progress --json >"$T/progress.json" || fail "bdw progress --json failed"
python3 - "$T/progress.json" <<'PY' || { cat "$T/progress.json" >&2; fail "the stored attempt is not as played"; }
import json, sys
d = json.load(open(sys.argv[1]))
a = d["attempts"]
assert len(a) == 1, a
a = a[0]
assert a["kind"] == "scenario" and a["item"] == "athena.query-cost" and a["pack"] == "core", a
assert a["status"] == "completed", a["status"]
assert a["score"] == 4 and a["max_score"] == 4, (a["score"], a["max_score"])
assert a["answer_count"] == 4, a["answer_count"]
assert [x["answer"] for x in a["answers"]] == ["1", "1", "10", "1"], a["answers"]
assert [x["verdict"] for x in a["answers"]] == ["correct"] * 4
PY
echo "1 passed, 0 failed"
