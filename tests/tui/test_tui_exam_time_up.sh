#!/usr/bin/env bash
# A mock exam whose time runs out: the open question ends, "Time is up" is
# said, and the exam is marked out of all its questions - the one answered
# in time scores, the rest count as wrong. The blueprint gives one minute,
# so this test waits for a real minute.
. "$(dirname "$0")/lib.sh"

mk_exam_pack
tui_start 100 30 "" "--packs $(q "$T/ex")"
select_row "3 questions in 1 minute,"
keys Enter
wait_for "Mock exam: Tiny"
wait_re "Time left (1:00|0:5[0-9])"
wait_for "Question 1 of 3"
keys 1 Enter
wait_for "Question 2 of 3"
WAIT_SECONDS=90 wait_for "Time is up: the questions not answered count as wrong."
screen | grep -qF "Question 3 of 3" && fail "a question was asked after the time was up"
wait_for "Press any key for the debrief"
keys Enter
wait_for "Debrief: Mock exam: Tiny"
wait_for "Score: 1/3"
keys Enter
wait_for "Review what is due"
keys q
wait_for "EXIT=0"
expect_terminal_restored

"$BDW" --db "$DB" --packs "$T/ex" progress --json >"$T/p.json" || fail "progress --json failed"
python3 - "$T/p.json" <<'PY' || { cat "$T/p.json" >&2; fail "the timed-out exam is not stored"; }
import json, sys
a = json.load(open(sys.argv[1]))["attempts"]
assert len(a) == 1, a
a = a[0]
assert a["mode"] == "exam" and a["status"] == "completed", a
assert a["score"] == 1 and a["max_score"] == 3 and a["answer_count"] == 1, a
PY
echo "1 passed, 0 failed"
