#!/usr/bin/env bash
# The progress store under bad conditions: garbage, a newer schema, two
# writers at once, and kill -9 in the middle of a quiz.
. "$(dirname "$0")/lib.sh"

head -c 8192 /dev/urandom >"$T/garbage.db"
expect_exit 65 "garbage database" -- "$BDW" --db "$T/garbage.db" progress
expect_grep "$T/err" "not a bdw progress database" "says what is wrong"

"$BDW" --db "$T/newer.db" progress >/dev/null
sqlite3 "$T/newer.db" 'PRAGMA user_version = 42'
expect_exit 65 "newer schema" -- "$BDW" --db "$T/newer.db" progress
expect_grep "$T/err" "newer bdw" "refuses a newer schema"
[ "$(sqlite3 "$T/newer.db" 'PRAGMA user_version')" = 42 ] && ok || bad "the newer database was changed"

touch "$T/afile"
expect_exit 73 "database under a file" -- "$BDW" --db "$T/afile/progress.db" progress

# Relative or empty XDG_DATA_HOME falls back to HOME, as the spec says.
expect_exit 0 "relative XDG_DATA_HOME" -- env XDG_DATA_HOME=rel HOME="$T/home" "$BDW" progress
[ -f "$T/home/.local/share/bdw/progress.db" ] && ok || bad "fell back to HOME"
expect_exit 73 "no HOME and no --db" -- env -u HOME -u XDG_DATA_HOME "$BDW" progress
expect_grep "$T/err" "--db" "suggests --db"
mkdir -p "$T/with space/ünï"
expect_exit 0 "spaces and Unicode in the path" -- "$BDW" --db "$T/with space/ünï/p.db" progress

# Text an older bdw stored without checking (Latin-1 here) is exported with
# U+FFFD in place of the bad byte, not dropped from the JSON.
printf '1\n1\n10\n1\n' >"$T/right.txt"
"$BDW" --db "$T/latin1.db" play core/athena-cost --answers "$T/right.txt" >/dev/null
sqlite3 "$T/latin1.db" "UPDATE answers SET answer = CAST(X'313041E9' AS TEXT) WHERE item_id = 'minimum-10mb'"
expect_exit 0 "progress with stored bytes that are not UTF-8" -- "$BDW" --db "$T/latin1.db" progress --json
json_check "$T/out" "[x['answer'] for x in d['attempts'][0]['answers']] == ['1', '1', '10A\ufffd', '1']" "the answer is kept, repaired"
expect_exit 0 "export with them" -- "$BDW" --db "$T/latin1.db" export --json
json_check "$T/out" "'10A\ufffd' in [x['answer'] for a in d['attempts'] for x in a['answers']]" "the export keeps it too"

# Two writers at once: both finish, every answer is stored.
yes 1 | head -n 10 >"$T/ones.txt"
for i in 1 2 3 4; do
  "$BDW" --db "$T/busy.db" quiz --count 10 --seed "$i" --answers "$T/ones.txt" >/dev/null 2>"$T/busy$i.err" &
done
wait
n=$(sqlite3 "$T/busy.db" "SELECT COUNT(*) FROM answers")
[ "$n" = 40 ] && ok || { bad "concurrent writers stored $n answers, wanted 40"; cat "$T"/busy*.err; }

# kill -9 in the middle of a quiz: every answer given before is kept.
mkfifo "$T/fifo"
"$BDW" --db "$T/kill.db" quiz --count 10 --seed 3 --answers "$T/fifo" >"$T/kill.out" 2>&1 &
pid=$!
exec 9<>"$T/fifo" # read-write: never blocks, even if bdw failed to start
printf '1\n1\n1\n' >&9
for _ in $(seq 1 100); do
  c=$(sqlite3 "$T/kill.db" "SELECT COUNT(*) FROM answers" 2>/dev/null || echo 0)
  [ "$c" = 3 ] && break
  sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
exec 9>&-
expect_exit 0 "progress after kill -9" -- "$BDW" --db "$T/kill.db" progress --json
json_check "$T/out" "d['attempts'][0]['answer_count'] == 3 and d['attempts'][0]['status'] == 'open'" "three answers survive kill -9"
finish
