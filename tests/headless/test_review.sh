#!/usr/bin/env bash
# The review queue: what a learner misses comes back in a review quiz; and
# answers given to content that later changed are marked.
. "$(dirname "$0")/lib.sh"

# A pack of three questions, in a folder we can edit; "shuffle": false keeps
# the right answer first, so "2" is always wrong.
mkdir -p "$T/rp/questions" "$T/rp/scenarios"
echo '{ "id": "rp", "title": "Review pack", "version": "1.0.0" }' >"$T/rp/pack.json"
cat >"$T/rp/questions/q.json" <<'JSON'
{ "questions": [
  { "id": "rp.a", "topic": "t.a", "prompt": "A?", "explanation": "e", "shuffle": false,
    "choices": [ { "text": "right", "correct": true }, { "text": "wrong" } ] },
  { "id": "rp.b", "topic": "t.b", "prompt": "B?", "explanation": "e", "shuffle": false,
    "choices": [ { "text": "right", "correct": true }, { "text": "wrong" } ] },
  { "id": "rp.c", "topic": "t.c", "prompt": "C?", "explanation": "e", "shuffle": false,
    "choices": [ { "text": "right", "correct": true }, { "text": "wrong" } ] }
] }
JSON
cat >"$T/rp/scenarios/s.lua" <<'LUA'
return scenario { id = "rp.s", title = "S", topics = { "t.c" }, run = function(s)
  s:choose("Pick", { { "right", correct = true }, "wrong" }, { id = "pick" })
end }
LUA
P=(--db "$DB" --packs "$T/rp")

expect_exit 0 "nothing due at first" -- "$BDW" "${P[@]}" quiz --pack rp --mode review --answers /dev/null --json
json_check "$T/out" "d['asked'] == 0 and d['mode'] == 'review'" "empty review"

# Answer everything wrong: all three become due.
printf '2\n2\n2\n' >"$T/wrong.txt"
expect_exit 0 "quiz, all wrong" -- "$BDW" "${P[@]}" quiz --pack rp --count 3 --seed 1 --answers "$T/wrong.txt"
expect_exit 0 "progress" -- "$BDW" "${P[@]}" progress --json
json_check "$T/out" "d['reviews_due'] == 3" "three items due"
printf '1\n1\n1\n' >"$T/right.txt"
expect_exit 0 "review quiz" -- "$BDW" "${P[@]}" quiz --pack rp --mode review --answers "$T/right.txt" --json
json_check "$T/out" "sorted(a['question'] for a in d['answers']) == ['rp.a', 'rp.b', 'rp.c'] and d['correct'] == 3" "the missed questions come back"
expect_exit 0 "progress after review" -- "$BDW" "${P[@]}" progress --json
json_check "$T/out" "d['reviews_due'] == 0" "nothing due once answered right"

# A missed scenario step brings back questions on its topics.
printf '2\n' >"$T/s.txt"
expect_exit 0 "miss a scenario step" -- "$BDW" "${P[@]}" play rp/s --answers "$T/s.txt"
expect_exit 0 "review after the step" -- "$BDW" "${P[@]}" quiz --pack rp --mode review --answers "$T/right.txt" --json
json_check "$T/out" "[a['question'] for a in d['answers']] == ['rp.c']" "the step's topic is drilled"

# Content that changed since it was answered is marked.
sed -i 's/"prompt": "A?"/"prompt": "A, reworded?"/' "$T/rp/questions/q.json"
sed -i 's/"Pick"/"Pick one"/' "$T/rp/scenarios/s.lua"
python3 - "$T/rp/questions/q.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d['questions'] = [q for q in d['questions'] if q['id'] != 'rp.b']
json.dump(d, open(sys.argv[1], 'w'))
PY
expect_exit 0 "progress after edits" -- "$BDW" "${P[@]}" progress --json
json_check "$T/out" "{x['item']: x['content'] for a in d['attempts'] if a['kind'] == 'quiz' for x in a['answers']} == {'rp.a': 'changed', 'rp.b': 'removed', 'rp.c': 'same'}" "changed, removed and same questions"
json_check "$T/out" "all(a['content'] == 'changed' for a in d['attempts'] if a['kind'] == 'scenario')" "an edited scenario is marked"
json_check "$T/out" "all(a['learner'] for a in d['attempts'])" "attempts name the learner"
finish
