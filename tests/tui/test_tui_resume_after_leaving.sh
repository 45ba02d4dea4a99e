#!/usr/bin/env bash
# Leaving a scenario mid-way (q, then y) keeps the answers and the attempt
# open; opening it again offers to resume, which continues at the same step
# (the answered question is replayed silently) and finishes the same attempt.
. "$(dirname "$0")/lib.sh"

tui_start 100 30
open_athena
wait_for "What does Athena charge for this query?"
keys 1 Enter
wait_for "What do you change?"
keys q
wait_for "Leave the scenario? Your answers are kept."
keys n
wait_gone "Leave the scenario?"
keys q
wait_for "Leave the scenario? Your answers are kept."
keys y
wait_for "You left before the end"
keys Enter
wait_for "[unfinished]"

# Resume: the second question comes back, the first is not asked again.
select_row "Price one query against a CSV table"
keys Enter
wait_for "resume where you left off"
keys r
wait_for "Resumed where you left off: 1 answer replayed."
wait_for "What do you change?"
if screen | grep -qF "What does Athena charge"; then fail "the answered question was asked again"; fi
keys 1 Enter
wait_for "How many megabytes are billed?"
# Leave from the text editor with Esc this time, and resume once more.
keys Escape
wait_for "Leave the scenario?"
keys y
wait_for "You left before the end"
keys Enter
wait_for "[unfinished]"
select_row "Price one query against a CSV table"
keys Enter
wait_for "resume where you left off"
keys Enter
wait_for "Resumed where you left off: 2 answers replayed."
wait_for "How many megabytes are billed?"
keys 1 0 Enter
wait_for "What is charged?"
keys 1 Enter
wait_for "Press any key for the debrief"
keys Space
wait_for "Score: 4/4"
keys q
wait_for "Quiz:"
if screen | grep -qF "[unfinished]"; then fail "the finished scenario is still marked unfinished"; fi
keys q
wait_for "EXIT=0"
expect_terminal_restored

"$BDW" --db "$DB" progress --json >"$T/p.json" || fail "progress --json failed"
python3 - "$T/p.json" <<'PY' || { cat "$T/p.json" >&2; fail "the resumed attempt is not as played"; }
import json, sys
a = json.load(open(sys.argv[1]))["attempts"]
assert len(a) == 1, [x["status"] for x in a]
a = a[0]
assert a["status"] == "completed" and a["score"] == 4 and a["answer_count"] == 4, a
assert [x["step"] for x in a["answers"]] == [1, 2, 3, 4], a["answers"]
assert [x["answer"] for x in a["answers"]] == ["1", "1", "10", "1"], a["answers"]
PY
echo "1 passed, 0 failed"
