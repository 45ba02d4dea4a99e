#!/usr/bin/env bash
# A quiz on a disk that fills up: nothing the learner was told is lost. The
# feedback ("[correct]", or a JSON feedback event) of every answer must be
# backed by that answer in the database; when the store fails the quiz stops
# with exit 74 and a message that names the database and says what to do.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/full_disk.sh"

yes 1 | head -n 60 >"$T/ones.txt"
for mode in $FULL_MODES; do
  # Several sizes, so the room runs out at different points of an answer's
  # writes (its row, its review entry, the commit).
  if [ "$mode" = tmpfs ]; then sizes="192 256 320"; else sizes="120 160 200"; fi
  for kib in $sizes; do
    what="quiz, $mode ${kib}k"
    full_run "$mode" "$kib" p.db -- quiz --count 60 --seed 5 --answers "$T/ones.txt"
    full_check_message "$what"
    sed -n 's/^  \[\(correct\|partial\|wrong\)\] .*/\1/p' "$T/full.out" >"$T/told"
    full_check_told "$what" "$T/told" quiz 60

    what="quiz --json, $mode ${kib}k"
    full_run "$mode" "$kib" p.db -- quiz --count 60 --seed 5 --answers "$T/ones.txt" --json
    full_check_message "$what"
    json_check "$T/full.out" "d['exit'] == 74 and d['status'] == 'store-error' and 'answer again' in d['error']['message']" "$what: the JSON says so"
    python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
for e in d['events']:
    if e['type'] == 'feedback': print(e['verdict'])" "$T/full.out" >"$T/told"
    full_check_told "$what" "$T/told" quiz 60
  done
done
finish
