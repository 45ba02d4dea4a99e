#!/usr/bin/env bash
# Tiny windows (20x5, 1x1) and rapid resizes neither crash bdw nor lose its
# place: on the home screen, in a question, and in the debrief; back at full
# size it draws everything again and quits cleanly.
. "$(dirname "$0")/lib.sh"

resize() { tmux -S "$SOCK" resize-window -x "$1" -y "$2"; }

tui_start 100 30
wait_for "What will this Athena query cost?"
resize 20 5
wait_for "bdw - Big Data"
wait_gone "Progress"
resize 1 1
resize 10 3
wait_for "window too"
for size in "3 2" "200 60" "20 5" "1 1" "45 12" "100 30"; do
  # shellcheck disable=SC2086
  resize $size
done
wait_for "Quiz:"
wait_for "What will this Athena query cost?"

open_athena
wait_for "What does Athena charge for this query?"
resize 20 5
wait_gone "What does Athena charge"
resize 1 1
resize 100 30
wait_for "What does Athena charge for this query?"
keys 1 Enter
wait_for "What do you change?"
keys 1 Enter
wait_for "How many megabytes are billed?"
resize 20 5
keys 1
resize 16 4
keys 0
resize 100 30
wait_for "Your answer (MB):"
wait_re "^ +10\$"
keys Enter
wait_for "What is charged?"
keys 1 Enter
wait_for "Press any key for the debrief"
keys Enter
wait_for "Score: 4/4"
resize 20 5
resize 1 1
resize 100 30
wait_for "Score: 4/4"
keys q
wait_for "Quiz:"
keys q
wait_for "EXIT=0"
expect_terminal_restored
echo "1 passed, 0 failed"
