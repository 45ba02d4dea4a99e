#!/usr/bin/env bash
# The three Kinesis scenarios of the core pack, played headless: the best
# path (full score, no anti-pattern, the simulator's figures in the events),
# a path hitting each anti-pattern, and determinism (same seed, same events).
. "$(dirname "$0")/lib.sh"

play() { # play NAME ANSWERS-FILE SEED
  expect_exit 0 "play $1 with $2" -- "$BDW" --db "$DB" play "core/$1" --answers "$2" --seed "$3" --json
}


# ---- kinesis-agent-exercise: the course exercise, 500,000 lines -----------
printf '1\n\n500000\n1\n3\n1\n1\n1\n' >"$T/ex-best.txt"
play kinesis-agent-exercise "$T/ex-best.txt" 5
cp "$T/out" "$T/ex-best.json"
json_check "$T/ex-best.json" "d['status'] == 'completed' and d['score'] == d['max_score'] == 6" "exercise: full score"
json_check "$T/ex-best.json" "d['antipatterns'] == []" "exercise: no anti-pattern on the best path"
json_check "$T/ex-best.json" "[s['id'] for s in d['steps'] if s['kind'] != 'hit'] == ['agent-json', 'type-agent-json', 'lines', 'throttled-records', 'shards-for-steady-rate', 'failed-records', 'consumer-latest', 'existing-lines']" "exercise: step ids"
AGENT=$(table "tail -f /var/log/aws-kinesis-agent")
json_check "$T/ex-best.json" "$(num "$AGENT[0][0]") == 500000 and $(num "$AGENT[0][1]") == 500000" "exercise: the agent read and sent all 500,000 lines"
json_check "$T/ex-best.json" "$(num "$AGENT[0][2]") > 0 and $(num "$AGENT[0][5]") == 0" "exercise: one shard throttles the agent, nothing fails"
json_check "$T/ex-best.json" "any(e['type'] == 'show' and e.get('title', '').startswith('shardId-000000000000: records throttled') and max(e['chart']) > 0 for e in d['events'])" "exercise: the throttled chart is shown and not flat"
json_check "$T/ex-best.json" "any(e['type'] == 'show' and e.get('columns', [None])[0] == 'shard' and e['rows'][0][0] == 'shardId-000000000000' for e in d['events'])" "exercise: per-shard table"
STEADY=$(table "A steady producer")
json_check "$T/ex-best.json" "[r[0] for r in $STEADY] == ['2', '3 (yours)'] and $(num "$STEADY[0][2]") > 0 and $(num "$STEADY[1][2]") == 0" "exercise: 3 shards carry 2,500 lines/s, 2 throttle"
json_check "$T/ex-best.json" "any(e['type'] == 'feedback' and 'consumer read 0 records' in e['explanation'] for e in d['events'])" "exercise: LATEST reads nothing at first"
json_check "$T/ex-best.json" "$(num "$(table "A TRIM_HORIZON consumer")[0][0]") == 501000" "exercise: TRIM_HORIZON reads every record"

# Wrong turns: a refused agent.json, the Firehose flow, one shard, no retry,
# END_OF_FILE on a file that is already there.
printf '3\n{"flows":[{"filePattern":"/var/log/cadabra/*.log","kinesisStream":"CadabraOrders",}]}\n500000\n2\n1\n2\n2\n2\n' >"$T/ex-bad.txt"
play kinesis-agent-exercise "$T/ex-bad.txt" 5
json_check "$T/out" "sorted(d['antipatterns']) == ['kinesis.agent-end-of-file', 'kinesis.no-retry', 'kinesis.under-provisioned']" "exercise: each anti-pattern hit"
json_check "$T/out" "d['score'] == 0" "exercise: nothing scored on the wrong path"
json_check "$T/out" "any(e['type'] == 'feedback' and 'deliveryStream names a Firehose' in e['explanation'] for e in d['events'])" "exercise: the Firehose flow sends nothing"
json_check "$T/out" "any(e['type'] == 'show' and e.get('title') == 'aws-kinesis-agent.log' and 'agent.json:1:' in e['text'] for e in d['events'])" "exercise: a refused agent.json is located"
json_check "$T/out" "any(e['type'] == 'feedback' and 'sent 0 of the 100,000' in e['explanation'] for e in d['events'])" "exercise: END_OF_FILE skips the lines already there"
printf '4\n\n1000\n1\n1\n1\n1\n1\n' >"$T/ex-range.txt"
play kinesis-agent-exercise "$T/ex-range.txt" 5
json_check "$T/out" "any(e['type'] == 'feedback' and 'flows[0].maxBufferSizeRecords: 1000 is out of range' in e['explanation'] for e in d['events'])" "exercise: a field out of range is named"

play kinesis-agent-exercise "$T/ex-best.txt" 5
json_check "$T/out" "d['events'] == json.load(open('$T/ex-best.json'))['events']" "exercise: deterministic"

# ---- kinesis-sizing ---------------------------------------------------------
printf '3\n1\n5\n' >"$T/sz-best.txt"
play kinesis-sizing "$T/sz-best.txt" 3
cp "$T/out" "$T/sz-best.json"
json_check "$T/sz-best.json" "d['score'] == d['max_score'] == 3 and d['antipatterns'] == []" "sizing: full score, no anti-pattern"
SIZES=$(table "20 s at 1,200 records/s")
json_check "$T/sz-best.json" "[r[0] for r in $SIZES] == ['2', '3 (yours)', '9']" "sizing: one fewer, yours, triple"
json_check "$T/sz-best.json" "$(num "$SIZES[0][2]") > 0 and $(num "$SIZES[1][2]") == 0 and $(num "$SIZES[2][2]") == 0" "sizing: only the under-provisioned stream throttles"
json_check "$T/sz-best.json" "$SIZES[2][6] == '\$98.55' and $SIZES[1][6] == '\$32.85'" "sizing: shard-hours at \$0.015 for 730 h"

printf '1\n2\n5\n' >"$T/sz-under.txt"
play kinesis-sizing "$T/sz-under.txt" 3
json_check "$T/out" "d['antipatterns'] == ['kinesis.under-provisioned'] and d['score'] == 1" "sizing: under-provisioned"
json_check "$T/out" "any(s['kind'] == 'hit' and 'ProvisionedThroughputExceeded' in s['prompt'] for s in d['steps'])" "sizing: the hit quotes the throttling"
json_check "$T/out" "$(num "$(table "Stream Clickstream")[0][4]") > 0" "sizing: throttled count shown per shard"

printf '10\n3\n5\n' >"$T/sz-over.txt"
play kinesis-sizing "$T/sz-over.txt" 3
json_check "$T/out" "d['antipatterns'] == ['kinesis.over-provisioned'] and d['score'] == 1" "sizing: over-provisioned"
json_check "$T/out" "any(s['kind'] == 'hit' and '\$109.50 a month' in s['prompt'] for s in d['steps'])" "sizing: the hit quotes the monthly cost"

play kinesis-sizing "$T/sz-best.txt" 3
json_check "$T/out" "d['events'] == json.load(open('$T/sz-best.json'))['events']" "sizing: deterministic"

# ---- kinesis-hot-key --------------------------------------------------------
printf '3\n1\n1\n' >"$T/hk-best.txt"
play kinesis-hot-key "$T/hk-best.txt" 9
cp "$T/out" "$T/hk-best.json"
json_check "$T/hk-best.json" "d['score'] == d['max_score'] == 3 and d['antipatterns'] == []" "hot key: full score, no anti-pattern"
ROWS=$(table "Stream Clickstream")
json_check "$T/hk-best.json" "[r[0] for r in $ROWS if int(r[4]) > 0] == ['shardId-000000000002']" "hot key: only shardId-000000000002 throttles"
json_check "$T/hk-best.json" "any(e['type'] == 'show' and e.get('title', '').startswith('GetRecords on shardId-000000000002') and e['rows'][0][0] == 'key-0' for e in d['events'])" "hot key: the sample names key-0"
json_check "$T/hk-best.json" "any(e['type'] == 'feedback' and '239606560113066237791549349790285249783' in e['explanation'] for e in d['events'])" "hot key: MD5 of key-0 shown"
FIXES=$(table "Every fix")
json_check "$T/hk-best.json" "[$(num "r[2]") > 0 for r in $FIXES] == [True, False, False, True, True]" "hot key: only spreading the key stops the throttling"
json_check "$T/hk-best.json" "[r[1] for r in $FIXES] == ['4', '4', '4', '5', '8']" "hot key: open shards after each fix"

printf '3\n1\n2\n' >"$T/hk-explicit.txt"
play kinesis-hot-key "$T/hk-explicit.txt" 9
json_check "$T/out" "d['score'] == 3 and d['antipatterns'] == []" "hot key: ExplicitHashKey is a fix too"

printf '1\n2\n3\n' >"$T/hk-split.txt"
play kinesis-hot-key "$T/hk-split.txt" 9
json_check "$T/out" "d['antipatterns'] == ['kinesis.hot-partition-key'] and d['steps'][2]['points'] < 1" "hot key: splitting keeps the hot key"
printf '3\n1\n4\n' >"$T/hk-more.txt"
play kinesis-hot-key "$T/hk-more.txt" 9
json_check "$T/out" "d['antipatterns'] == ['kinesis.hot-partition-key'] and d['steps'][2]['points'] < 1" "hot key: more shards keep the hot key"

play kinesis-hot-key "$T/hk-best.txt" 9
json_check "$T/out" "d['events'] == json.load(open('$T/hk-best.json'))['events']" "hot key: deterministic"
finish
