#!/usr/bin/env bash
# bdw pack new and bdw pack import: what an instructor starts from.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "pack new" -- "$BDW" pack new "$T/Course Pack"
expect_grep "$T/out" "course-pack" "the id comes from the folder name"
expect_exit 0 "the new pack lints clean" -- "$BDW" pack lint "$T/Course Pack" --json
json_check "$T/out" "d['errors'] == 0 and d['warnings'] == 0 and d['scenarios'] == 1 and d['questions'] == 3" "clean lint"
printf '1\n1\n' >"$T/a.txt"
expect_exit 0 "the new pack plays" -- "$BDW" --db "$DB" --packs "$T/Course Pack" play course-pack/first --answers "$T/a.txt" --json
json_check "$T/out" "d['status'] == 'completed' and d['score'] == 2" "its scenario plays to full score"
printf '1\n2\n' >"$T/b.txt"
expect_exit 0 "its own anti-pattern" -- "$BDW" --db "$DB" --packs "$T/Course Pack" play course-pack/first --answers "$T/b.txt" --json
json_check "$T/out" "d['antipatterns'] == ['course-pack.row-format-hourly']" "its catalog entry is used"
expect_exit 73 "pack new refuses a non-empty folder" -- "$BDW" pack new "$T/Course Pack"
expect_exit 64 "pack new refuses a bad id" -- "$BDW" pack new "$T/x" --id "Bad Id"

cat >"$T/aws.gift" <<'GIFT'
// A comment
::athena-price:: How does Athena charge? {
  =$5 per TB scanned#Right.
  ~Per cluster hour#That is EMR.
  ####Athena bills by the bytes a query scans.
}

::shards:: How many shards for 3500 records/s? {#4 ####1000 records/s per shard.}
GIFT
expect_exit 0 "import GIFT" -- "$BDW" pack import "$T/aws.gift" --out "$T/imported"
expect_grep "$T/out" "2 question(s)" "both questions imported"
expect_exit 0 "the imported pack lints" -- "$BDW" pack lint "$T/imported" --json
json_check "$T/out" "d['errors'] == 0 and d['questions'] == 2" "imported questions load"
# "1" is a readable answer to both; the draw order then gives the right ones.
printf '1\n1\n' >"$T/ones.txt"
"$BDW" --db "$DB" --packs "$T/imported" quiz --pack imported --count 2 --seed 1 --answers "$T/ones.txt" --json >"$T/order.json"
python3 -c "
import json
d = json.load(open('$T/order.json'))
asks = [e for e in d['events'] if e['type'] in ('choose', 'input')]
for a, e in zip(d['answers'], asks):
    print('4' if a['type'] == 'numeric' else e['options'].index('\$5 per TB scanned') + 1)" >"$T/q.txt"
expect_exit 0 "quiz on the imported pack" -- "$BDW" --db "$DB" --packs "$T/imported" quiz --pack imported --count 2 --seed 1 --answers "$T/q.txt" --json
json_check "$T/out" "d['answered'] == 2 and d['correct'] == 2" "imported answers grade right"
expect_exit 73 "import refuses to overwrite" -- "$BDW" pack import "$T/aws.gift" --out "$T/imported"
expect_exit 0 "unless --force" -- "$BDW" pack import "$T/aws.gift" --out "$T/imported" --force

printf 'What is 2+2?\nA. 3\nB. 4\nANSWER: B\n\nBad question\nA. x\nB. y\nANSWER: C\n' >"$T/bad.txt"
expect_exit 65 "a bad Aiken file" -- "$BDW" pack import "$T/bad.txt" --out "$T/aiken" --json
json_check "$T/out" "d['error']['line'] == 9 and d['error']['file'].endswith('bad.txt')" "the bad line is named"
expect_exit 66 "a missing file" -- "$BDW" pack import "$T/none.gift" --out "$T/x2"

# A question without an explanation loads, and lint warns.
mkdir -p "$T/noexp/questions"
echo '{ "id": "noexp", "title": "N", "version": "1.0.0" }' >"$T/noexp/pack.json"
echo '{ "questions": [ { "id": "q", "prompt": "p", "type": "numeric", "answer": 1 } ] }' >"$T/noexp/questions/q.json"
expect_exit 0 "no explanation is a warning" -- "$BDW" pack lint "$T/noexp" --json
json_check "$T/out" "d['warnings'] == 1 and 'no explanation' in d['problems'][0]['message']" "lint warns"
finish
