#!/usr/bin/env bash
# bdw pack lint: the bundled pack is clean; broken packs are located.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "core pack lints clean" -- "$BDW" pack lint "$BDW_SRC/scenarios/core" --explore-seconds 3
expect_grep "$T/out" "0 error(s)" "no errors"
expect_exit 0 "core pack, JSON" -- "$BDW" pack lint "$BDW_SRC/scenarios/core" --json --explore-seconds 3
json_check "$T/out" "d['errors'] == 0 and d['pack'] == 'core' and d['questions'] >= 10 and d['scenarios'] >= 1" "lint summary"
json_check "$T/out" "any(c['topic'] == 'athena.cost' and c['scenarios'] >= 1 and c['questions'] >= 1 for c in d['coverage'])" "coverage counts scenarios and questions per topic"
# Every topic the core pack declares (the course notes' sections, and what the
# simulators add) is taught by at least a scenario or a question.
json_check "$T/out" "[c['topic'] for c in d['coverage'] if c['scenarios'] + c['questions'] == 0] == []" "every core topic is taught"

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
# Branch exploration: an error only on a rare path, an unknown anti-pattern
# on another, a step id used twice.
mk
echo '{ "id": "p", "title": "P", "version": "1.0.0" }' >"$T/p/pack.json"
cat >"$T/p/scenarios/branchy.lua" <<'LUA'
return scenario { id = "p.branchy", title = "B", summary = "s", topics = { "t" },
  run = function(s)
    local a = s:choose("first", { "x", "y", "z" })
    local b = s:choose("second", { "u", { "v", antipattern = "p.nowhere" } }, { id = "second" })
    if a == 3 and b == 1 then
      local n = s:number("how many?", { answer = 2 })
      if n > 50 then
        local boom = nil
        return boom.field
      end
    end
    s:choose("third", { "k", "l" }, { id = "second" })
  end }
LUA
expect_exit 65 "lint explores branches" -- "$BDW" pack lint "$T/p" --json
json_check "$T/out" "any(p['line'] == 9 and p['message'].startswith('attempt to index') and p['file'] == 'p/scenarios/branchy.lua' for p in d['problems'])" "the rare-branch error is found at its line (named once, not again in the message)"
json_check "$T/out" "any(p['line'] == 4 and 'p.nowhere' in p['message'] for p in d['problems'])" "the unknown anti-pattern is found at its line"
json_check "$T/out" "any(p['line'] == 12 and 'used twice' in p['message'] for p in d['problems'])" "the repeated step id is found"
json_check "$T/out" "d['errors'] == 3" "exactly those three errors"

# Text that is not UTF-8, in a branch and in the metadata: the line, the
# byte and its character column.
rm -f "$T/p/scenarios/branchy.lua"
printf 'return scenario { id = "p.latin1", title = "L", summary = "s", topics = { "t" },\n  run = function(s)\n    if s:choose("which", { "a", "b" }) == 2 then\n      s:say("caf\xe9 au lait")\n    end\n  end }\n' >"$T/p/scenarios/latin1.lua"
printf 'return scenario { id = "p.t", title = "Caf\xe9", run = function(s) end }\n' >"$T/p/scenarios/title.lua"
expect_exit 65 "text that is not UTF-8" -- "$BDW" pack lint "$T/p"
expect_grep "$T/err" "error: p/scenarios/latin1.lua:4: the text is not valid UTF-8 (byte 0xE9 at character 4): save the file as UTF-8" "bad text located in the branch that shows it"
expect_grep "$T/err" "error: p/scenarios/title.lua: the scenario's title is not valid UTF-8" "bad title named"

expect_exit 66 "no such folder" -- "$BDW" pack lint "$T/nothing-here"
finish
