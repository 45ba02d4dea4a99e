#!/usr/bin/env bash
# The Glue partition-layout scenario of the core pack, played headless: the
# best path (full score, the crawler's and the scans' figures in the
# tables), the wrong turns (the anti-pattern on each wrong layout, none for
# the flat one), and determinism (same seed, same events).
. "$(dirname "$0")/lib.sh"

play() { # play ANSWERS-FILE SEED
  expect_exit 0 "play with $1" -- "$BDW" --db "$DB" play core/glue-partitions --answers "$1" --seed "$2" --json
}
feedback() { echo "[e for e in d['events'] if e['type'] == 'feedback'][$1]"; }

printf '1\n1\n0.24\n2\n' >"$T/best.txt"
play "$T/best.txt" 4
cp "$T/out" "$T/best.json"
json_check "$T/best.json" "d['status'] == 'completed' and d['score'] == d['max_score'] == 5" "full score on the best path"
json_check "$T/best.json" "d['antipatterns'] == []" "no anti-pattern on the best path"
json_check "$T/best.json" "[s['id'] for s in d['steps'] if s['kind'] != 'hit'] == ['layout-by-time', 'partition-keys', 'pruned-cost', 'layout-by-device']" "step ids"

# What the crawler made: plain folders give partition_0..3, one folder none.
C=$(table "What the crawler made")
json_check "$T/best.json" "$C[0][2] == $C[1][2] == 'partition_0, partition_1, partition_2, partition_3' and $C[2][2] == '(none)'" "plain folders give partition_N keys"
json_check "$T/best.json" "$(num "$C[0][3]") == $(num "$C[1][3]") == 12 * 14 and all($(num "$C[i][4]") == 12 * 14 * 24 for i in range(3))" "a partition per turbine and day, an object per hour"
K=$(table "The crawler on key=value folders")
json_check "$T/best.json" "$K[0][0] == 'year, month, day, device' and 'temperature_c' in $K[0][1]" "key=value folders name the keys; JSON bytes give the columns"

# The scans: rows 0-2 the 7-day query, 3-5 one turbine; time, device, flat.
S=$(table "Both queries on each layout")
json_check "$T/best.json" "$(num "$S[0][2]") == $(num "$S[1][2]") == 7 * 12 and $S[0][3] == $S[1][3]" "both folder layouts read the same week of partitions"
json_check "$T/best.json" "$(num "$S[0][4]") < $(num "$S[1][4]") and $(num "$S[4][4]") < $(num "$S[3][4]")" "the leading key lists fewer folders: time first for the week, device first for one turbine"
json_check "$T/best.json" "$(num "$S[3][2]") == $(num "$S[4][2]") == 14 and $S[2][2] == $S[5][2] == '-' and $S[2][3] == $S[5][3] == $C[2][5]" "one turbine is 14 partitions; one folder reads everything"
json_check "$T/best.json" "'\$0.2403 a run' in $(feedback 2)['explanation'] and '\$0.4807' in $(feedback 2)['explanation']" "Athena's price of the pruned and the unpruned query"

# Wrong turns: device first for the dashboards, the table level for the
# names, time first for the maintenance team.
printf '2\n2\n0.48\n1\n' >"$T/bad.txt"
play "$T/bad.txt" 4
json_check "$T/out" "d['antipatterns'] == ['glue.partition-cannot-prune']" "the anti-pattern is hit"
json_check "$T/out" "[s['id'] for s in d['steps'] if 'glue.partition-cannot-prune' in (s.get('antipatterns') or [])] == ['layout-by-time', 'layout-by-device']" "on both wrong layouts"
json_check "$T/out" "d['score'] == 0" "nothing scored on the wrong path"
json_check "$T/out" "'14 tables' in $(feedback 1)['explanation']" "table level 4 makes a table per day"

# One folder: wrong for both queries, but not the layout anti-pattern.
printf '3\n3\n0.24\n3\n' >"$T/flat.txt"
play "$T/flat.txt" 4
json_check "$T/out" "d['antipatterns'] == [] and d['score'] == 1" "the flat layout scores nothing and is not the key-order anti-pattern"
json_check "$T/out" "'Reads every object' in $(feedback 0)['explanation']" "the flat layout reads everything"

# The same seed and answers give the same run.
play "$T/best.txt" 4
python3 - "$T/best.json" "$T/out" <<'PY' || bad "same seed, different events"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a['events'] == b['events']
PY
finish
