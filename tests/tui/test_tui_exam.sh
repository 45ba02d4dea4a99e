#!/usr/bin/env bash
# A mock exam from the home screen: the blueprint's questions with no
# feedback, a countdown in the top bar that ticks, the debrief out of every
# question; then "Review what is due" asks the one that was missed, and,
# with nothing left due, says so instead of starting an empty quiz.
. "$(dirname "$0")/lib.sh"

mk_exam_pack
tui_start 100 30 "" "--packs $(q "$T/ex")"
select_row "3 questions in 15 minutes"
keys Enter
wait_for "Mock exam: Short"
wait_for "3 questions, 15 minutes, no feedback until the end."
wait_re "Time left 1[45]:[0-9]{2}"
# The clock ticks: the time shown now goes away within a few seconds.
shown=$(screen | grep -oE "Time left 1[45]:[0-9]{2}" | head -1)
wait_gone "$shown"
wait_re "Time left 14:[0-9]{2}"
wait_for "Question 1 of 3"
keys 1 Enter
wait_for "Question 2 of 3"
screen | grep -qF "Correct" && fail "an exam gives feedback before the end"
keys 2 Enter
wait_for "Question 3 of 3"
keys 1 Enter
wait_for "Press any key for the debrief"
keys Enter
wait_for "Debrief: Mock exam: Short"
wait_for "Score: 2/3"
keys Enter
wait_for "Review what is due"

select_row "when they are due again"
keys Enter
wait_for "Review: Exam pack"
wait_for "Question 1 of 1"
keys 1 Enter
wait_for "Press any key for the debrief"
keys Enter
wait_for "Score: 1/1"
keys Enter
wait_for "Review what is due"
keys Enter
wait_for "Nothing in 'Exam pack' is due for review now."
keys Enter
wait_gone "Nothing in 'Exam pack' is due"
keys q
wait_for "EXIT=0"
expect_terminal_restored

"$BDW" --db "$DB" --packs "$T/ex" progress --json >"$T/p.json" || fail "progress --json failed"
python3 - "$T/p.json" <<'PY' || { cat "$T/p.json" >&2; fail "the exam and the review are not stored"; }
import json, sys
a = json.load(open(sys.argv[1]))["attempts"]
assert len(a) == 2, a
exam, review = sorted(a, key=lambda x: x["id"])
assert exam["mode"] == "exam" and exam["status"] == "completed", exam
assert exam["score"] == 2 and exam["max_score"] == 3 and exam["answer_count"] == 3, exam
assert review["mode"] == "review" and review["score"] == 1 and review["max_score"] == 1, review
PY
echo "1 passed, 0 failed"
