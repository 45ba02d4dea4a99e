#!/usr/bin/env bash
# The practice quiz from the home screen asks 10 questions, stores each
# answer, and the progress screen then lists the quiz and the pack's totals.
# "1" then Enter answers any kind of question: it picks (or ticks) the first
# option, or types 1 into a text or number answer.
. "$(dirname "$0")/lib.sh"

tui_start 100 30
select_row "exam-style questions drawn from"
keys Enter
for i in $(seq 1 10); do
  wait_for "Question $i of 10"
  keys 1 Enter
done
wait_for "Press any key for the debrief"
keys Enter
wait_for "Debrief: Quiz:"
wait_re "Score: [0-9.]+/10 "
keys Enter
wait_for "Quiz:"

# The progress screen: the quiz attempt and the pack totals.
keys p
wait_for "Totals per pack"
wait_re "^ +core +1 +1 +0 "
wait_re "^ +1 +[-0-9: ]+ quiz +AWS Big Data.* completed +[0-9.]+/10 +10 *$"
keys q
wait_for "Quiz:"
# The keys are one ? away.
keys '?'
wait_for "first / last"
keys Escape
wait_gone "first / last"
keys q
wait_for "EXIT=0"
expect_terminal_restored

"$BDW" --db "$DB" progress --json >"$T/p.json" || fail "progress --json failed"
python3 - "$T/p.json" <<'PY' || { cat "$T/p.json" >&2; fail "the quiz attempt is not stored as played"; }
import json, sys
a = json.load(open(sys.argv[1]))["attempts"]
assert len(a) == 1, a
a = a[0]
assert a["kind"] == "quiz" and a["item"] == "quiz:core" and a["mode"] == "practice", a
assert a["status"] == "completed" and a["max_score"] == 10 and a["answer_count"] == 10, a
assert [x["step"] for x in a["answers"]] == list(range(1, 11))
assert all(x["kind"] == "question" for x in a["answers"])
PY
echo "1 passed, 0 failed"
