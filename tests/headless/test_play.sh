#!/usr/bin/env bash
# bdw play with answers files: the score, the anti-patterns, what is stored,
# resume, determinism, and bad answers files.
. "$(dirname "$0")/lib.sh"

printf '1\n1\n10\n1\n' >"$T/right.txt"
expect_exit 0 "play, all right" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/right.txt" --seed 7 --json
cp "$T/out" "$T/right.json"
json_check "$T/right.json" "d['status'] == 'completed' and d['score'] == 4 and d['max_score'] == 4" "full score"
json_check "$T/right.json" "d['scenario'] == 'athena.query-cost' and d['pack'] == 'core' and d['seed'] == 7" "identity fields"
json_check "$T/right.json" "[s['verdict'] for s in d['steps']] == ['correct'] * 4" "every step correct"
json_check "$T/right.json" "[s['kind'] for s in d['steps']] == ['choose', 'choose', 'number', 'choose']" "step kinds"
json_check "$T/right.json" "d['steps'][2]['answer'] == '10' and d['steps'][2]['id'] == 'minimum-10mb'" "numeric answer recorded"
json_check "$T/right.json" "d['antipatterns'] == [] and d['exit'] == 0" "no anti-patterns"
json_check "$T/right.json" "any(e['type'] == 'show' and e.get('columns') == ['layout', 'scanned', 'cost'] for e in d['events'])" "the cost table is shown"
json_check "$T/right.json" "d['events'][-1]['type'] == 'debrief' and d['events'][-1]['score'] == 4" "debrief last"

# The anti-pattern choice: wrong, named, with why and instead from the catalog.
# (The number is wrong twice: the step allows a second try.)
printf '2\n2\n3\n3\n2\n' >"$T/wrong.txt"
expect_exit 0 "play, with an anti-pattern" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/wrong.txt" --seed 7 --json
json_check "$T/out" "d['score'] == 0 and d['antipatterns'] == ['athena.formatted-reports']" "anti-pattern hit and scored 0"
json_check "$T/out" "d['steps'][1]['antipatterns'] == ['athena.formatted-reports']" "the step names it"
json_check "$T/out" "[a for e in d['events'] if e['type'] == 'feedback' for a in e['antipatterns']][0]['instead'].startswith('Query with Athena')" "feedback carries the catalog's instead"

# Both attempts and all their answers are in the progress store.
expect_exit 0 "progress --json" -- "$BDW" --db "$DB" progress --json
json_check "$T/out" "len(d['attempts']) == 2 and all(a['status'] == 'completed' for a in d['attempts'])" "two completed attempts"
json_check "$T/out" "[x['answer'] for x in d['attempts'][1]['answers']] == ['1', '1', '10', '1']" "answers stored in order"
json_check "$T/out" "d['attempts'][0]['answers'][1]['antipatterns'] == ['athena.formatted-reports']" "anti-pattern stored"
expect_exit 0 "progress as text" -- "$BDW" --db "$DB" progress
expect_grep "$T/out" "athena.query-cost" "progress table names the scenario"

# Same seed, same answers: the same transcript.
expect_exit 0 "replay" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/right.txt" --seed 7 --json
json_check "$T/out" "d['events'] == json.load(open('$T/right.json'))['events']" "deterministic transcript"

# Answers that run out: exit 65 naming the file, the attempt stays open, and
# --resume continues from the same step.
printf '1\n1\n' >"$T/part1.txt"
expect_exit 65 "answers run out" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/part1.txt" --seed 11 --json
json_check "$T/out" "d['status'] == 'incomplete' and d['error']['file'].endswith('part1.txt') and len(d['steps']) == 2" "incomplete run"
expect_grep "$T/err" "--resume" "the message says how to go on"
printf '10\n1\n' >"$T/part2.txt"
expect_exit 0 "resume" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/part2.txt" --resume --json
json_check "$T/out" "d['status'] == 'completed' and d['resumed'] and d['seed'] == 11 and d['score'] == 4" "resumed to the end with the stored seed"
json_check "$T/out" "[s['n'] for s in d['steps']] == [3, 4]" "only the new steps are reported"
expect_exit 0 "progress after resume" -- "$BDW" --db "$DB" progress --json
json_check "$T/out" "[len(a['answers']) for a in d['attempts']][0] == 4 and len(d['attempts']) == 4" "one attempt holds all four answers"

# A choice that is not a choice: file, line and column.
printf '1\nZ\n' >"$T/badletter.txt"
expect_exit 65 "bad choice letter" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/badletter.txt"
expect_grep "$T/err" "badletter.txt:2:1: 'Z' is not one of the choices" "bad answer located"
printf '1\n1\nten\n' >"$T/badnum.txt"
expect_exit 65 "bad number" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/badnum.txt" --json
json_check "$T/out" "d['error']['line'] == 3 and 'not a number' in d['error']['message']" "bad number located"

# An answers file that is not UTF-8: its line and character column, exit 65,
# and the answers before it are kept.
printf '1\n1\n1\xff0\n' >"$T/latin1.txt"
expect_exit 65 "answers not in UTF-8" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/latin1.txt" --json
expect_grep "$T/err" "latin1.txt:3:2: invalid UTF-8 (byte 0xFF): save the file as UTF-8" "bad byte located"
json_check "$T/out" "d['status'] == 'bad-answer' and [s['answer'] for s in d['steps']] == ['1', '1'] and (d['error']['line'], d['error']['column']) == (3, 2)" "the answers before it are stored; the JSON error is located"

# A hint on request ("?"): shown, charged a quarter of the step, stored.
printf '1\n1\n?\n10\n1\n' >"$T/hint.txt"
expect_exit 0 "play with a hint" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/hint.txt" --seed 7 --json
json_check "$T/out" "d['score'] == 3.75 and d['steps'][2]['answer'] == '?10' and d['steps'][2]['points'] == 0.75" "hint cost charged"
json_check "$T/out" "any(e['type'] == 'say' and e['style'] == 'hint' for e in d['events'])" "hint shown"

# A wrong number: "Not quite", the hint, and a second try that earns
# 1 - 0.5 (the try) - 0.25 (the hint); both tries are stored; not "correct".
printf '1\n1\n3\n10\n1\n' >"$T/retry.txt"
expect_exit 0 "play with a second try" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/retry.txt" --seed 7 --json
json_check "$T/out" "d['score'] == 3.25 and d['steps'][2]['answer'] == '?3;10' and d['steps'][2]['points'] == 0.25 and d['steps'][2]['verdict'] == 'partial'" "second try scored and stored"
json_check "$T/out" "[(e['style'], e['text'][:10]) for e in d['events'] if e['type'] == 'say' and e['style'] in ('notice', 'hint')] == [('notice', 'Not quite.'), ('hint', 'Athena has')]" "the hint follows the wrong try"
expect_exit 0 "progress after a second try" -- "$BDW" --db "$DB" progress --json
json_check "$T/out" "d['attempts'][0]['answers'][2]['answer'] == '?3;10' and d['attempts'][0]['answers'][2]['verdict'] == 'partial'" "both tries in the progress store (newest attempt first)"

# Text output for people.
expect_exit 0 "play as text" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/right.txt" --seed 1
expect_grep "$T/out" "Score: 4/4" "text debrief"

# A broken scenario in an instructor's pack: pack/file.lua:line, exit 65.
mkdir -p "$T/mypack/scenarios"
echo '{ "id": "mine", "title": "Mine", "version": "1.0.0" }' >"$T/mypack/pack.json"
printf 'return scenario { id = "m.x", title = "X", run = function(s)\n  s:say("hi")\n  s:nosuch()\nend }\n' >"$T/mypack/scenarios/x.lua"
expect_exit 65 "script error" -- "$BDW" --db "$DB" --packs "$T/mypack" play mine/x --answers /dev/null --json
json_check "$T/out" "d['error']['file'] == 'mypack/scenarios/x.lua' and d['error']['line'] == 3" "error names pack/file.lua:line"
expect_grep "$T/err" "stack traceback" "instructor sees the traceback"
finish
