#!/usr/bin/env bash
# kill -9 at many points of a quiz and of a scenario: every answer bdw told
# the learner about ("[correct] ...", "[wrong] ...") is in the store, the
# store passes SQLite's integrity check, and the attempt can be resumed to
# its end. KILL_POINTS (default 10) sets how many kills are tried; half are
# quizzes, half plays of the Athena scenario, each killed after a different
# number of answers and a different delay (so some land in the middle of a
# write).
. "$(dirname "$0")/lib.sh"
POINTS=${KILL_POINTS:-10}
command -v stdbuf >/dev/null || { echo "skip: stdbuf (coreutils) is missing"; exit 0; }

# Waits until FILE has at least N lines matching RE (a few seconds at most).
wait_lines() {
  local file=$1 re=$2 n=$3
  for _ in $(seq 1 200); do
    [ "$(grep -c -- "$re" "$file" 2>/dev/null || true)" -ge "$n" ] && return 0
    sleep 0.02
  done
  return 1
}

TOLD_RE='^  \[\(correct\|wrong\|partial\)\]'
play_answers=(1 1 10 1)
survived=0
for i in $(seq 1 "$POINTS"); do
  db="$T/k$i.db"
  fifo="$T/f$i"
  mkfifo "$fifo"
  if [ $((i % 2)) -eq 1 ]; then
    kind=quiz
    total=8
    stdbuf -oL "$BDW" --db "$db" quiz --count $total --seed "$i" --answers "$fifo" >"$T/o$i" 2>&1 &
  else
    kind=play
    total=${#play_answers[@]}
    stdbuf -oL "$BDW" --db "$db" play core/athena-cost --seed 7 --answers "$fifo" >"$T/o$i" 2>&1 &
  fi
  pid=$!
  exec 9<>"$fifo"
  given=$((1 + i % (total - 1)))            # 1 .. total-1 answers before the kill
  for k in $(seq 1 "$given"); do
    if [ $kind = quiz ]; then echo 1 >&9; else echo "${play_answers[$((k - 1))]}" >&9; fi
  done
  # Kill after the last answer's feedback, or a moment before it (a write
  # may be under way): the delay steps through 0-45 ms.
  if [ $((i % 3)) -ne 0 ]; then wait_lines "$T/o$i" "$TOLD_RE" "$given" || true; fi
  sleep "0.0$((i % 10 / 2))$((i % 2 * 5))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  exec 9>&-
  rm -f "$fifo"
  told=$(grep -c -- "$TOLD_RE" "$T/o$i" || true)
  if [ ! -f "$db" ]; then
    # Killed before the store was made: nothing may have been told.
    [ "$told" = 0 ] && { ok; survived=$((survived + 1)); } || bad "point $i: told $told, no store"
    continue
  fi
  check=$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1)
  [ "$check" = ok ] && ok || bad "point $i ($kind): integrity_check says $check"
  # Killed before the schema was made: no table, nothing stored.
  stored=$(sqlite3 "$db" 'SELECT COUNT(*) FROM answers' 2>/dev/null || echo 0)
  if [ "$stored" -ge "$told" ] 2>/dev/null; then ok; else
    bad "point $i ($kind, $given given): told $told answers, stored $stored"; cat "$T/o$i"
    continue
  fi
  if [ $kind = play ]; then
    # The rest of the answers finish the attempt that was left.
    printf '%s\n' "${play_answers[@]:$stored}" >"$T/rest$i"
    expect_exit 0 "point $i: resume after kill -9" -- \
      "$BDW" --db "$db" play core/athena-cost --resume --answers "$T/rest$i" --json
    json_check "$T/out" "d['status'] == 'completed' and len(d['steps']) == $total - $stored" \
      "point $i: the resumed attempt ends, asking only what was not stored"
  else
    expect_exit 0 "point $i: progress after kill -9" -- "$BDW" --db "$db" progress --json
    json_check "$T/out" "sum(a['answer_count'] for a in d['attempts']) == $stored" \
      "point $i: progress shows the stored answers"
  fi
  survived=$((survived + 1))
done
echo "kill points: $POINTS tried, $survived with nothing told lost"
finish
