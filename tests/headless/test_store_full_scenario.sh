#!/usr/bin/env bash
# A scenario on a disk that fills up: nothing the learner was told is lost
# (the scenario runtime stores each step before its feedback). As for
# quizzes (test_store_full.sh): exit 74, a message that names the database,
# and every step whose verdict was shown is in the database.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/full_disk.sh"

# Sixty scored steps, so that the room runs out in the middle.
mkdir -p "$T/pk/scenarios"
cat >"$T/pk/pack.json" <<'JSON'
{ "id": "pk", "title": "Many steps", "version": "1.0.0" }
JSON
cat >"$T/pk/scenarios/many.lua" <<'LUA'
return scenario {
  id = "pk.many", title = "Many steps", domain = "analytics", minutes = 1,
  run = function(s)
    for i = 1, 60 do
      s:choose("Step " .. i .. ": which?", {
        { "right", correct = true, why = "It is the right one." },
        { "wrong", why = "It is not." },
      }, { id = "step" .. i })
    end
  end,
}
LUA
for i in $(seq 1 30); do echo 1; echo 2; done >"$T/alt.txt"

for mode in $FULL_MODES; do
  if [ "$mode" = tmpfs ]; then sizes="192 256 320"; else sizes="120 160 200"; fi
  for kib in $sizes; do
    what="play, $mode ${kib}k"
    full_run "$mode" "$kib" p.db -- --packs "$T/pk" play pk/many --seed 1 --answers "$T/alt.txt"
    full_check_message "$what"
    sed -n 's/^  \[\(correct\|partial\|wrong\)\] .*/\1/p' "$T/full.out" >"$T/told"
    full_check_told "$what" "$T/told" scenario 60

    what="play --json, $mode ${kib}k"
    full_run "$mode" "$kib" p.db -- --packs "$T/pk" play pk/many --seed 1 --answers "$T/alt.txt" --json
    full_check_message "$what"
    json_check "$T/full.out" "d['exit'] == 74 and 'answer again' in d['error']['message']" "$what: the JSON says so"
    python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
for e in d['events']:
    if e['type'] == 'feedback': print(e['verdict'])" "$T/full.out" >"$T/told"
    full_check_told "$what" "$T/told" scenario 60
  done
done
finish
