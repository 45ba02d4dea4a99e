#!/usr/bin/env bash
# The EMR sizing scenario of the core pack, played headless: the best path
# (full score, the simulator's figures in the tables), the wrong turns (each
# anti-pattern), and determinism (same seed, same events).
. "$(dirname "$0")/lib.sh"

play() { # play ANSWERS-FILE SEED
  expect_exit 0 "play with $1" -- "$BDW" --db "$DB" play core/emr-sizing --answers "$1" --seed "$2" --json
}

# m4.xlarge master, Spot task nodes, replication 2, remove the task nodes, c4.
printf '2\n1\n2\n2\n3\n' >"$T/best.txt"
play "$T/best.txt" 4
cp "$T/out" "$T/best.json"
json_check "$T/best.json" "d['status'] == 'completed' and d['score'] == d['max_score'] == 6" "full score on the best path"
json_check "$T/best.json" "d['antipatterns'] == []" "no anti-pattern on the best path"
json_check "$T/best.json" "[s['id'] for s in d['steps'] if s['kind'] != 'hit'] == ['master', 'spot', 'replication', 'shrink', 'family']" "step ids"
C=$(table "The cluster, 60 nodes")
json_check "$T/best.json" "sum($(num "r[2]") for r in $C) == 60 and $C[0][1] == 'm4.xlarge'" "the cluster shown has 60 nodes and an m4.xlarge master"
S=$(table "Three Spot nodes reclaimed")
json_check "$T/best.json" "$(num "$S[0][2]") == 0 and $(num "$S[1][2]") == 30 and $(num "$S[1][3]") == 120" "losing 3 of 6 Spot core nodes at replication 2 loses C(3,2)/C(6,2) of 150 GiB; task nodes lose none"
H=$(table "HDFS replication")
json_check "$T/best.json" "[$(num "r[1]") for r in $H] == [1, 2, 3] and $(num "$H[1][2]") == 192" "replication 1, 2, 3 for 3, 6, 10 core nodes; 6 x 64 GiB / 2 usable"
R=$(table "Resizing at night")
json_check "$T/best.json" "$(num "$R[0][2]") == 22 and $(num "$R[1][2]") == 0" "shrinking the core group below what HDFS holds loses the difference; the task group none"
json_check "$T/best.json" "any(e['type'] == 'say' and '1,440 normalized' in e.get('text', '') for e in d['events'])" "60 m4.xlarge for 2h30m: 3 started hours x 8 x 60"

# Wrong turns: an m4.large master, Spot core nodes, replication 3, shrinking
# the core group, a t2.medium for a compute-bound job.
printf '1\n2\n3\n1\n1\n' >"$T/bad.txt"
play "$T/bad.txt" 4
json_check "$T/out" "sorted(d['antipatterns']) == ['emr.master-undersized', 'emr.shrink-core-nodes', 'emr.spot-core-master']" "each anti-pattern hit"
json_check "$T/out" "d['score'] == 0" "nothing scored on the wrong path"
json_check "$T/out" "any(e['type'] == 'feedback' and '30 GiB of HDFS data' in e.get('explanation', '') for e in d['events'])" "the data a Spot reclaim of core nodes took is shown"

# The same seed and answers give the same run.
play "$T/best.txt" 4
python3 - "$T/best.json" "$T/out" <<'PY' || bad "same seed, different events"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a['events'] == b['events']
PY
finish
