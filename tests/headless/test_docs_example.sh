#!/usr/bin/env bash
# The worked example in docs/authoring.md is real: every block introduced by
# a line "`path`:" is written to that path, and the pack lints clean, plays
# and quizzes.
. "$(dirname "$0")/lib.sh"

python3 - "$BDW_SRC/docs/authoring.md" "$T/mypack" <<'PY'
import os, re, sys
text = open(sys.argv[1]).read()
out = sys.argv[2]
n = 0
for m in re.finditer(r'^`([^`]+)`:\n\n```[a-z]*\n(.*?)^```', text, re.S | re.M):
    path = os.path.join(out, m.group(1))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, 'w').write(m.group(2))
    n += 1
print(n, "files")
sys.exit(0 if n >= 3 else 1)
PY
[ $? -eq 0 ] && ok || bad "the worked example has its files"
expect_exit 0 "the example lints clean" -- "$BDW" pack lint "$T/mypack" --json
json_check "$T/out" "d['errors'] == 0 and d['scenarios'] == 1 and d['questions'] == 2" "lint counts"
printf '1\n' >"$T/a.txt"
expect_exit 0 "the example plays" -- "$BDW" --db "$DB" --packs "$T/mypack" play mypack/athena-budget --answers "$T/a.txt" --json
json_check "$T/out" "d['status'] == 'completed' and d['score'] == 1 and d['scenario'] == 'mypack.athena-budget'" "full score"
printf '2\n' >"$T/b.txt"
expect_exit 0 "the anti-pattern answer" -- "$BDW" --db "$DB" --packs "$T/mypack" play mypack/athena-budget --answers "$T/b.txt" --json
json_check "$T/out" "d['antipatterns'] == ['athena.row-format']" "core catalog id resolved from another pack"
json_check "$T/out" "any(a.get('instead') for e in d['events'] if e['type'] == 'feedback' for a in e['antipatterns'])" "its catalog entry is shown"
printf '1\n1\n' >"$T/q.txt"
expect_exit 0 "the example quiz" -- "$BDW" --db "$DB" --packs "$T/mypack" quiz --pack mypack --count 2 --seed 1 --answers "$T/q.txt" --json
json_check "$T/out" "d['asked'] == 2 and d['answered'] == 2" "two questions answered"
finish
