#!/usr/bin/env bash
# bdw quiz: seeded draws, grading, practice vs exam feedback, storage.
. "$(dirname "$0")/lib.sh"

printf '1\n1\n1\n' >"$T/a.txt"
expect_exit 0 "quiz" -- "$BDW" --db "$DB" quiz --pack core --count 3 --seed 5 --answers "$T/a.txt" --json
cp "$T/out" "$T/q1.json"
json_check "$T/q1.json" "d['status'] == 'completed' and d['asked'] == 3 and d['answered'] == 3 and d['mode'] == 'practice'" "three answered"
json_check "$T/q1.json" "len(set(a['question'] for a in d['answers'])) == 3" "three distinct questions"
json_check "$T/q1.json" "sum(1 for e in d['events'] if e['type'] == 'feedback') == 3" "practice gives feedback"
json_check "$T/q1.json" "d['correct'] == sum(1 for a in d['answers'] if a['verdict'] == 'correct')" "correct count adds up"
expect_exit 0 "same seed" -- "$BDW" --db "$DB" quiz --pack core --count 3 --seed 5 --answers "$T/a.txt" --json
json_check "$T/out" "[a['question'] for a in d['answers']] == [a['question'] for a in json.load(open('$T/q1.json'))['answers']]" "same seed, same draw"
expect_exit 0 "other seed" -- "$BDW" --db "$DB" quiz --pack core --count 3 --seed 6 --answers "$T/a.txt" --json
json_check "$T/out" "[a['question'] for a in d['answers']] != [a['question'] for a in json.load(open('$T/q1.json'))['answers']]" "another seed, another draw"
expect_exit 0 "exam mode" -- "$BDW" --db "$DB" quiz --mode exam --count 3 --seed 5 --answers "$T/a.txt" --json
json_check "$T/out" "not any(e['type'] == 'feedback' for e in d['events']) and d['mode'] == 'exam'" "exam gives no feedback until the end"

# Grading against the bank: answer every question right. Choices are shown
# shuffled, so the right positions come from the options each question showed
# in a first run (which answered "1", readable for every type).
yes 1 | head -n 10 >"$T/ones.txt"
expect_exit 0 "draw all ten" -- "$BDW" --db "$DB" quiz --count 10 --seed 9 --answers "$T/ones.txt" --json
cp "$T/out" "$T/ones.json"
python3 - "$BDW_SRC/scenarios/core/questions" "$T/ones.json" >"$T/right.txt" <<'PY'
import glob, json, sys
bank = {}
for f in glob.glob(sys.argv[1] + '/*.json'):
    for q in json.load(open(f))['questions']:
        bank[q['id']] = q
d = json.load(open(sys.argv[2]))
asks = [e for e in d['events'] if e['type'] in ('choose', 'input')]
for a, e in zip(d['answers'], asks):
    q = bank[a['question']]
    t = q.get('type', 'single')
    if t == 'numeric': print(q['answer'])
    elif t == 'text': print(q['answers'][0])
    else:
        right = [c['text'] for c in q['choices'] if c.get('correct')]
        print('+'.join(str(i + 1) for i, o in enumerate(e['options']) if o in right))
PY
expect_exit 0 "all right" -- "$BDW" --db "$DB" quiz --count 10 --seed 9 --answers "$T/right.txt" --json
json_check "$T/out" "d['correct'] == 10 and d['score'] == 10" "every right answer graded correct"

# The same question shows its choices in another order under another seed,
# and the stored answer is in the bank's own order.
python3 - "$BDW_SRC/scenarios/core/questions" "$T/ones.json" <<'PY' && ok || bad "shuffled choices map back to the bank's order"
import glob, json, sys
bank = {}
for f in glob.glob(sys.argv[1] + '/*.json'):
    for q in json.load(open(f))['questions']:
        bank[q['id']] = q
d = json.load(open(sys.argv[2]))
asks = [e for e in d['events'] if e['type'] == 'choose']
answers = [a for a in d['answers'] if bank[a['question']].get('type', 'single') not in ('numeric', 'text')]
moved = 0
for a, e in zip(answers, asks):
    q = bank[a['question']]
    texts = [c['text'] for c in q['choices']]
    assert sorted(e['options']) == sorted(texts), (e['options'], texts)
    moved += e['options'] != texts
    # The learner answered "1": the first option shown is stored by its bank position.
    assert a['answer'] == str(texts.index(e['options'][0]) + 1), (a, e['options'])
assert moved > 0, 'no question was shuffled'
PY
expect_exit 0 "progress" -- "$BDW" --db "$DB" progress --json
json_check "$T/out" "sum(1 for a in d['attempts'] if a['kind'] == 'quiz') >= 5" "quiz attempts stored"
json_check "$T/out" "any(a['mode'] == 'exam' for a in d['attempts'] if a['kind'] == 'quiz')" "mode stored"
finish
