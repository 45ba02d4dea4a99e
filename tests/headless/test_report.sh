#!/usr/bin/env bash
# bdw report: an instructor merges learners' exports into a class report.
. "$(dirname "$0")/lib.sh"

printf '1\n1\n10\n1\n' >"$T/right.txt"
printf '1\n2\n10\n1\n' >"$T/anti.txt"
yes 1 | head -n 3 >"$T/q.txt"
# ann plays it right; bob hits the anti-pattern twice; both take one quiz.
USER=ann "$BDW" --db "$T/ann.db" play core/athena-cost --answers "$T/right.txt" >/dev/null
USER=bob "$BDW" --db "$T/bob.db" play core/athena-cost --answers "$T/anti.txt" >/dev/null
USER=bob "$BDW" --db "$T/bob.db" play core/athena-cost --answers "$T/anti.txt" >/dev/null
for u in ann bob; do
  USER=$u "$BDW" --db "$T/$u.db" quiz --count 3 --seed 4 --answers "$T/q.txt" >/dev/null
  expect_exit 0 "export $u" -- env USER=$u "$BDW" --db "$T/$u.db" export --json
  cp "$T/out" "$T/$u.json"
done
json_check "$T/ann.json" "d['format'] == 'bdw-export' and all(a['learner'] == 'ann' for a in d['attempts'])" "exports name the learner"

expect_exit 0 "report" -- "$BDW" report "$T/ann.json" "$T/bob.json" --json
cp "$T/out" "$T/report.json"
json_check "$T/report.json" "d['exports'] == 2" "two exports merged"
json_check "$T/report.json" "[i for i in d['items'] if i['item'] == 'athena.query-cost'][0]['attempts'] == 3" "three attempts at the scenario"
json_check "$T/report.json" "[i for i in d['items'] if i['item'] == 'athena.query-cost'][0]['learners'] == 2" "by two learners"
json_check "$T/report.json" "abs([i for i in d['items'] if i['item'] == 'athena.query-cost'][0]['success_rate'] - 1/3) < 1e-9" "one perfect run in three"
json_check "$T/report.json" "[i for i in d['items'] if i['item'] == 'athena.query-cost'][0]['top_antipatterns'] == [{'id': 'athena.formatted-reports', 'count': 2}]" "the most-hit anti-pattern"
json_check "$T/report.json" "{l['learner']: l['attempts'] for l in d['learners']} == {'ann': 2, 'bob': 3}" "per learner"
json_check "$T/report.json" "len(d['questions']) >= 3 and all(q['answered'] == 2 for q in d['questions'])" "the same three questions, answered by both"
expect_exit 0 "report as text" -- "$BDW" report "$T/ann.json" "$T/bob.json"
expect_grep "$T/out" "athena.formatted-reports x2" "text names the anti-pattern"

printf '{\n  "format": "bdw-export",\n  "attempts": [ { "kind": "quiz" } ]\n}\n' >"$T/bad.json"
expect_exit 65 "a malformed export" -- "$BDW" report "$T/ann.json" "$T/bad.json"
expect_grep "$T/err" "bad.json:3:17: attempt 1 needs a string \"pack\"" "located"
echo '{"packs": []}' >"$T/other.json"
expect_exit 65 "not an export" -- "$BDW" report "$T/other.json"
expect_grep "$T/err" "not a bdw export" "says what it is not"
printf '{"format": "bdw-export", "attempts": [' >"$T/trunc.json"
expect_exit 65 "a truncated export" -- "$BDW" report "$T/trunc.json"
expect_exit 66 "a missing export" -- "$BDW" report "$T/none.json"
expect_exit 64 "no exports named" -- "$BDW" report
finish
