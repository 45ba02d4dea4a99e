#!/usr/bin/env bash
# The ElastiCache scenario of the core pack, played headless: the best path
# (full score, the simulator's figures in the tables), the wrong turns (each
# anti-pattern), and determinism (same seed, same events).
. "$(dirname "$0")/lib.sh"

play() { # play ANSWERS-FILE SEED
  expect_exit 0 "play with $1" -- "$BDW" --db "$DB" play core/elasticache-engines --answers "$1" --seed "$2" --json
}

printf '3\n1\n1+2\n20\n' >"$T/best.txt"
play "$T/best.txt" 4
cp "$T/out" "$T/best.json"
json_check "$T/best.json" "d['status'] == 'completed' and d['score'] == d['max_score'] == 6" "full score on the best path"
json_check "$T/best.json" "d['antipatterns'] == []" "no anti-pattern on the best path"
json_check "$T/best.json" "[s['id'] for s in d['steps'] if s['kind'] != 'hit'] == ['sessions', 'leaderboard', 'page-cache-oom', 'scale-out']" "step ids"
S=$(table "Sessions kept")
json_check "$T/best.json" "$(num "$S[0][1]") < 2000 and $(num "$S[1][1]") == 2000 and $(num "$S[1][2]") == 0 and $(num "$S[2][2]") == 2000" "Memcached loses a node's sessions on reboot; Redis keeps them; only Multi-AZ survives the failure"
P=$(table "The page cache, ")
json_check "$T/best.json" "$(num "$P[0][4]") > 0 and $(num "$P[1][4]") == 0 and $(num "$P[2][4]") == 0 and $(num "$P[3][4]") > 0 and $(num "$P[4][4]") > 0" "volatile-lru without TTLs, more memory and noeviction refuse writes; allkeys-lru and TTLs do not"
json_check "$T/best.json" "$(num "$P[1][3]") > 0 and $(num "$P[0][3]") == 0" "allkeys-lru evicts, volatile-lru without TTLs cannot"
Z=$(table "ZREVRANGE")
json_check "$T/best.json" "len($Z) == 5 and all($(num "$Z[i][2]") >= $(num "$Z[i+1][2]") for i in range(4))" "the leaderboard is ranked highest first"
json_check "$T/best.json" "any(e['type'] == 'say' and 'keys (20.' in e.get('text', '') or e['type'] == 'say' and 'keys (19.' in e.get('text', '') for e in d['events'])" "about a fifth of the keys move to the fifth node"

# Wrong turns: Memcached for sessions, Memcached for the leaderboard, more
# memory for the full cache, modulo arithmetic for the scale-out.
printf '1\n2\n3\n80\n' >"$T/bad.txt"
play "$T/bad.txt" 4
json_check "$T/out" "sorted(d['antipatterns']) == ['elasticache.memcached-durable', 'elasticache.volatile-without-ttl']" "each anti-pattern hit"
json_check "$T/out" "d['score'] == 0" "nothing scored on the wrong path"
json_check "$T/out" "any(e['type'] == 'feedback' and 'stores strings only' in e['explanation'] for e in d['events'])" "Memcached's refusal of ZADD is shown"

# The same seed and answers give the same run.
play "$T/best.txt" 4
python3 - "$T/best.json" "$T/out" <<'PY' || fail "same seed, different events"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
strip = lambda d: [e for e in d['events']]
assert strip(a) == strip(b)
PY
echo "1 passed, 0 failed"
