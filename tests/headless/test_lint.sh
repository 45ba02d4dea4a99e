#!/usr/bin/env bash
# bdw pack lint: the bundled pack is clean; broken packs are located.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "core pack lints clean" -- "$BDW" pack lint "$BDW_SRC/scenarios/core"
expect_grep "$T/out" "0 error(s)" "no errors"
expect_exit 0 "core pack, JSON" -- "$BDW" pack lint "$BDW_SRC/scenarios/core" --json
json_check "$T/out" "d['errors'] == 0 and d['pack'] == 'core' and d['questions'] >= 10 and d['scenarios'] >= 1" "lint summary"

mk() { rm -rf "$T/p"; mkdir -p "$T/p/scenarios" "$T/p/questions"; }
mk
printf '{\n  "id": "p",\n  "title": "P",\n  "version": "1.0"\n}\n' >"$T/p/pack.json"
expect_exit 65 "bad version" -- "$BDW" pack lint "$T/p"
expect_grep "$T/err" "p/pack.json:4:14: version" "manifest error located"

mk
echo '{ "id": "p", "title": "P", "version": "1.0.0" }' >"$T/p/pack.json"
printf '{ "questions": [\n  { "id": "q1", "prompt": "?", "explanation": "e",\n    "choices": [ { "text": "a", "correct": true }, { "text": "b", "antipattern": "no.such" } ] }\n] }\n' >"$T/p/questions/q.json"
printf 'return scenario { id = "s1", title = "S" }\n' >"$T/p/scenarios/s.lua"
expect_exit 65 "unknown anti-pattern and a scenario without run" -- "$BDW" pack lint "$T/p" --json
json_check "$T/out" "any('no.such' in p['message'] and p['file'] == 'p/questions/q.json' and p['line'] == 2 for p in d['problems'])" "unknown anti-pattern located"
json_check "$T/out" "any('run = function' in p['message'] and p['file'] == 'p/scenarios/s.lua' and p['line'] == 1 for p in d['problems'])" "scenario without run located"
json_check "$T/out" "d['exit'] == 65 and d['errors'] == 2" "two errors"

mk
echo '{ "id": "p", "title": "P", "version": "1.0.0" }' >"$T/p/pack.json"
printf 'return scenario { id = "dup", title = "A", summary = "s", topics = {"t"}, run = function() end }\n' >"$T/p/scenarios/a.lua"
cp "$T/p/scenarios/a.lua" "$T/p/scenarios/b.lua"
expect_exit 65 "duplicate scenario ids" -- "$BDW" pack lint "$T/p"
expect_grep "$T/err" 'duplicate scenario id "dup"' "duplicate id reported"
expect_exit 66 "no such folder" -- "$BDW" pack lint "$T/nothing-here"
finish
