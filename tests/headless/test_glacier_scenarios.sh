#!/usr/bin/env bash
# bdw play on the two Glacier scenarios of the core pack: the best path (full
# score, no anti-patterns, the simulator's verdicts in the transcript), a path
# through each anti-pattern, a pasted policy, resume, and determinism.
# Expected values come from aws-facts.md (Vault Lock lifecycle, tiers,
# prices), not from the scenarios' own output.
. "$(dirname "$0")/lib.sh"

CV=core/glacier-compliance
RS=core/glacier-restore

# ---------------------------------------------------------------------------
# glacier.compliance-vault, best path: Vault Lock, the Deny/NumericLessThan
# policy, complete at once, then the predictions and the immutability answer.
printf '2\n2\n1\n3\n1\n' >"$T/cv-best.txt"
expect_exit 0 "compliance: best path" -- "$BDW" --db "$DB" play $CV --answers "$T/cv-best.txt" --seed 7 --json
cp "$T/out" "$T/cv-best.json"
json_check "$T/cv-best.json" "d['scenario'] == 'glacier.compliance-vault' and d['status'] == 'completed'" "compliance: identity"
json_check "$T/cv-best.json" "d['score'] == d['max_score'] == 7 and d['antipatterns'] == []" "compliance: full score, no anti-patterns"
json_check "$T/cv-best.json" "[s['id'] for s in d['steps'] if s['kind'] == 'choose'] == ['where', 'policy', 'complete', 'immutable']" "compliance: the steps"
# The rehearsal: under 'Deny if ArchiveAgeInDays < 365', 100 and 364 days are
# denied by the lock policy, 365 and 400 allowed.
json_check "$T/cv-best.json" "[r[2].startswith('AccessDenied') for r in [e for e in d['events'] if e['type'] == 'show' and e.get('title', '').startswith('Rehearsal')][0]['rows']] == [True, True, False, False]" "compliance: rehearsal verdicts follow NumericLessThan 365"
json_check "$T/cv-best.json" "[s for s in d['steps'] if s['kind'] == 'award'][0]['points'] == 2" "compliance: the tested policy earns its points"
# InitiateVaultLock: InProgress, expiring 24 h later; then Locked with no expiry.
json_check "$T/cv-best.json" "[e['rows'] for e in d['events'] if e.get('title') == 'GetVaultLock right after InitiateVaultLock'][0] == [['State', 'InProgress'], ['CreationDate', '2024-01-05T18:00:00.000Z'], ['ExpirationDate', '2024-01-06T18:00:00.000Z']]" "compliance: InProgress expires 24 h after initiation"
json_check "$T/cv-best.json" "[e['rows'][0] for e in d['events'] if e.get('title') == 'GetVaultLock after CompleteVaultLock'] == [['State', 'Locked']] and [e['rows'][2][1].startswith('null') for e in d['events'] if e.get('title') == 'GetVaultLock after CompleteVaultLock'] == [True]" "compliance: Locked, no expiration"
json_check "$T/cv-best.json" "any(e['type'] == 'show' and 'InitiateVaultLock' in [r[1] for r in e.get('rows', [])] for e in d['events'] if e.get('title', '').startswith('Timeline'))" "compliance: the timeline shows InitiateVaultLock"
# The denied delete names the Sid and the lock policy; the 400-day one is allowed.
json_check "$T/cv-best.json" "any(e['type'] == 'show' and e.get('title', '').startswith('DeleteArchive ledger-2023-09') and 'AccessDeniedException' in e['title'] and '\"deny-based-on-archive-age\"' in e['text'] and 'vault lock policy' in e['text'] for e in d['events'])" "compliance: 100-day delete denied, Sid and lock policy named"
json_check "$T/cv-best.json" "any(e['type'] == 'show' and e.get('title') == 'DeleteArchive ledger-2022-11: allowed' for e in d['events'])" "compliance: 400-day delete allowed"
json_check "$T/cv-best.json" "[r[2] for r in [e for e in d['events'] if e.get('title') == 'DeleteArchive under the lock'][0]['rows']] == ['AccessDeniedException (403)', 'AccessDeniedException (403)', 'allowed']" "compliance: root denied with or without MFA, 400-day allowed"
json_check "$T/cv-best.json" "[(s['kind'], s['answer'], s['verdict'], s['points']) for s in d['steps'] if s['id'] == 'deletes'] == [('choose_many', '3', 'correct', 2)]" "compliance: only the 400-day delete succeeds"
json_check "$T/cv-best.json" "any(r[1] == 'DeleteArchive' and '400 days old' in r[2] for e in d['events'] if e.get('title', '').startswith('Timeline') for r in e['rows'])" "compliance: the timeline records the allowed delete"
# A Locked policy cannot be aborted or replaced: AccessDeniedException (403),
# and an Allow in the access policy does not beat its Deny.
json_check "$T/cv-best.json" "[r[1] for r in [e for e in d['events'] if e.get('title') == 'Trying to change a Locked policy'][0]['rows']] == ['AccessDeniedException (403)', 'AccessDeniedException (403)', 'allowed', 'AccessDeniedException (403)']" "compliance: Locked is immutable"
# The access-policy demonstration: DeleteVaultAccessPolicy succeeds, the policy is gone.
json_check "$T/cv-best.json" "[r[2] for r in [e for e in d['events'] if e.get('title') == 'The same rule as an access policy'][0]['rows']] == ['allowed', 'allowed', 'ResourceNotFoundException (404)']" "compliance: an access policy is removed with one call"

# Same seed, same answers: the same transcript; another seed draws other IDs.
expect_exit 0 "compliance: replay" -- "$BDW" --db "$DB" play $CV --answers "$T/cv-best.txt" --seed 7 --json
json_check "$T/out" "d['events'] == json.load(open('$T/cv-best.json'))['events']" "compliance: deterministic transcript"
expect_exit 0 "compliance: other seed" -- "$BDW" --db "$DB" play $CV --answers "$T/cv-best.txt" --seed 8 --json
json_check "$T/out" "d['score'] == 7 and d['events'] != json.load(open('$T/cv-best.json'))['events']" "compliance: another seed, other IDs, same score"

# Anti-patterns: the access policy, a policy that Allows instead of Denying,
# and leaving the lock InProgress: it expires after 24 h and deletes pass again.
printf '1\n1\n2\n1+2\n2\n' >"$T/cv-bad.txt"
expect_exit 0 "compliance: anti-patterns" -- "$BDW" --db "$DB" play $CV --answers "$T/cv-bad.txt" --seed 7 --json
cp "$T/out" "$T/cv-bad.json"
json_check "$T/cv-bad.json" "d['antipatterns'] == ['glacier.compliance-in-access-policy', 'glacier.lock-never-completed']" "compliance: both anti-patterns recorded"
json_check "$T/cv-bad.json" "d['steps'][0]['antipatterns'] == ['glacier.compliance-in-access-policy'] and [s['antipatterns'] for s in d['steps'] if s['id'] == 'complete'] == [['glacier.lock-never-completed']]" "compliance: the steps name them"
json_check "$T/cv-bad.json" "d['score'] == 0 and [s['points'] for s in d['steps'] if s['kind'] == 'award'] == [0]" "compliance: an Allow policy earns nothing"
# With Allow, the owner deletes the 100- and 364-day archives: nothing denies it.
json_check "$T/cv-bad.json" "[r[2] for r in [e for e in d['events'] if e.get('title', '').startswith('Rehearsal')][0]['rows']] == ['allowed'] * 4" "compliance: Allow protects nothing"
json_check "$T/cv-bad.json" "any(e.get('title') == 'AbortVaultLock on audit-ledgers-test' for e in d['events'])" "compliance: the test lock is aborted"
# 25 h later: GetVaultLock is 404, the timeline shows LockExpired exactly 24 h
# after initiation, and the clean-up delete of a 130-day-old ledger passes.
json_check "$T/cv-bad.json" "any(e.get('title') == 'GetVaultLock 25 h after InitiateVaultLock' and 'ResourceNotFoundException (404)' in e['text'] for e in d['events'])" "compliance: expired lock is 404"
json_check "$T/cv-bad.json" "any(r[0] == '2024-01-06T18:00:00.000Z' and r[1] == 'LockExpired' for e in d['events'] if e.get('title', '').startswith('Timeline') for r in e['rows'])" "compliance: LockExpired at initiation + 24 h"
json_check "$T/cv-bad.json" "any(e.get('title', '').startswith('The nightly clean-up job') and e['title'].endswith(': allowed') for e in d['events'])" "compliance: deletes allowed again after expiry"
json_check "$T/cv-bad.json" "[e['type'] for e in d['events'] if e['type'] == 'feedback' and e['antipatterns']] == ['feedback', 'feedback'] and [e for e in d['events'] if e['type'] == 'feedback' and e['antipatterns']][1]['antipatterns'][0]['instead'].startswith('Test the policy')" "compliance: feedback carries the catalog text"
# After re-locking, the 101-day-old ledger is still protected.
json_check "$T/cv-bad.json" "any(e.get('title', '').startswith('DeleteArchive ledger-2023-09: AccessDenied') for e in d['events'])" "compliance: re-locked vault denies the young delete"

# Completing on Tuesday with the expired lock ID: InvalidParameterValueException (400);
# Policy 3 (NumericGreaterThan) denies the old archives and lets the young go.
printf '2\n3\n3\n3\n1\n' >"$T/cv-tue.txt"
expect_exit 0 "compliance: late completion" -- "$BDW" --db "$DB" play $CV --answers "$T/cv-tue.txt" --seed 7 --json
json_check "$T/out" "any(e.get('title') == 'Tuesday: CompleteVaultLock with the old lock ID' and e['text'].startswith('InvalidParameterValueException (400)') for e in d['events'])" "compliance: expired lock ID refused"
json_check "$T/out" "[r[2].startswith('AccessDenied') for r in [e for e in d['events'] if e.get('title', '').startswith('Rehearsal')][0]['rows']] == [False, False, False, True]" "compliance: NumericGreaterThan denies only the 400-day archive"
json_check "$T/out" "d['antipatterns'] == ['glacier.lock-never-completed'] and d['score'] == 4" "compliance: late completion scored"

# A pasted policy: the learner's own one-line policy is tested and used.
{
  echo 2; echo 4
  echo '{"Statement": {"Sid": "mine", "Effect": "Deny", "Principal": "*", "Action": "glacier:DeleteArchive", "Condition": {"NumericLessThan": {"glacier:ArchiveAgeinDays": 365}}}}'
  echo 1; echo 3; echo 1
} >"$T/cv-own.txt"
expect_exit 0 "compliance: own policy" -- "$BDW" --db "$DB" play $CV --answers "$T/cv-own.txt" --seed 7 --json
json_check "$T/out" "d['score'] == 7 and any('statement \"mine\" of the vault lock policy' in e.get('text', '') for e in d['events'] if e.get('title', '').startswith('DeleteArchive ledger-2023-09'))" "compliance: the learner's Sid decides"
# Bad JSON is refused with its line and column, nothing changes, and the
# learner earns nothing for it.
{
  echo 2; echo 4
  echo '{"Statement": [{"Effect": "Deny", "Action": "glacier:DeleteArchive"'
  echo 1; echo 3; echo 1
} >"$T/cv-badjson.txt"
expect_exit 0 "compliance: bad JSON" -- "$BDW" --db "$DB" play $CV --answers "$T/cv-badjson.txt" --seed 7 --json
json_check "$T/out" "any(e.get('title') == 'InitiateVaultLock refused your policy' and e['text'].startswith('InvalidParameterValueException (400): line 1, column') for e in d['events'])" "compliance: bad policy located"
json_check "$T/out" "[s['points'] for s in d['steps'] if s['kind'] == 'award'] == [0] and d['score'] == 5" "compliance: a refused policy earns nothing"
# Answers that run out after the pasted policy: --resume replays it (same seed).
head -n 3 "$T/cv-own.txt" >"$T/cv-own1.txt"
expect_exit 65 "compliance: answers run out" -- "$BDW" --db "$DB" play $CV --answers "$T/cv-own1.txt" --seed 7 --json
printf '1\n3\n1\n' >"$T/cv-own2.txt"
expect_exit 0 "compliance: resume" -- "$BDW" --db "$DB" play $CV --answers "$T/cv-own2.txt" --resume --json
json_check "$T/out" "d['status'] == 'completed' and d['resumed'] and d['score'] == 7 and any('statement \"mine\"' in e.get('text', '') for e in d['events'])" "compliance: resumed with the pasted policy"

# An empty answer to the paste prompt takes the course's example.
printf '2\n4\n\n1\n3\n1\n' >"$T/cv-default.txt"
expect_exit 0 "compliance: default policy" -- "$BDW" --db "$DB" play $CV --answers "$T/cv-default.txt" --seed 7 --json
json_check "$T/out" "d['score'] == 7 and '\"deny-based-on-archive-age\"' in [s for s in d['steps'] if s['kind'] == 'input'][0]['answer']" "compliance: empty paste takes the template"

# ---------------------------------------------------------------------------
# glacier.restore, best path: Bulk fits 16 h and $0.25; 4 x 12 GB x $0.0025 +
# 4 x $0.025/1000 = $0.1201; download at 09:00; Expedited for the 200 MB scan.
printf '3\n0.1201\n2\n1\n' >"$T/rs-best.txt"
expect_exit 0 "restore: best path" -- "$BDW" --db "$DB" play $RS --answers "$T/rs-best.txt" --seed 7 --json
cp "$T/out" "$T/rs-best.json"
json_check "$T/rs-best.json" "d['scenario'] == 'glacier.restore' and d['score'] == d['max_score'] == 5 and d['antipatterns'] == []" "restore: full score, no anti-patterns"
json_check "$T/rs-best.json" "[s['id'] for s in d['steps']] == ['tier', 'cost', 'download', 'urgent'] and all(s['verdict'] == 'correct' for s in d['steps'])" "restore: every step correct"
# The tier table: the documented times and prices.
json_check "$T/rs-best.json" "[e['rows'] for e in d['events'] if e.get('title') == 'Glacier retrieval tiers'][0] == [['Expedited', '1m to 5m', '\$0.0300', '\$10.000'], ['Standard', '3h to 5h', '\$0.0100', '\$0.050'], ['Bulk', '5h to 12h', '\$0.0025', '\$0.025']]" "restore: tiers as in the facts"
# Four Bulk jobs, each $0.0300, done 5-12 h after 17:00, output for 24 h.
cat >"$T/jobs.py" <<'EOF'
import datetime as dt
def t(s): return dt.datetime.strptime(s, '%Y-%m-%dT%H:%M:%S.%fZ')
def seconds(txt):
    unit = {'d': 86400, 'h': 3600, 'm': 60, 's': 1}
    return sum(int(p[:-1]) * unit[p[-1]] for p in txt.split())
def jobs_ok(d, tier, lo, hi, cost, start):
    ev = [e for e in d['events'] if e.get('title') == 'Retrieval jobs'][0]
    ok = len(ev['rows']) == 4
    for r in ev['rows']:
        took = t(r[3]) - t(start)
        ok = ok and r[1] == tier and r[6] == cost and dt.timedelta(hours=lo) <= took <= dt.timedelta(hours=hi)
        ok = ok and t(r[5]) - t(r[3]) == dt.timedelta(hours=24)
    return ok
EOF
json_check "$T/rs-best.json" "exec(open('$T/jobs.py').read()) or jobs_ok(d, 'Bulk', 5, 12, '\$0.0300', '2024-01-01T17:00:00.000Z')" "restore: Bulk jobs take 5-12 h, cost \$0.0300, output 24 h"
json_check "$T/rs-best.json" "[e['rows'] for e in d['events'] if e.get('title', '').startswith('Costs of vault')][0][1:3] == [['retrieval', '\$0.1200'], ['requests', '\$0.0001']]" "restore: the cost breakdown"
json_check "$T/rs-best.json" "[r[1] for r in [e for e in d['events'] if e.get('title') == 'GetJobOutput at 2024-01-02T09:00:00.000Z'][0]['rows']] == ['downloaded 12.0 GB'] * 4" "restore: downloaded at 09:00"
# Later, the output link has expired: ResourceNotFoundException (404).
# The timeline of the restore: in time order, the download at Legal's
# deadline (09:00), after the last job completed and before the first output
# expired, each labelled with its offset from InitiateJob.
json_check "$T/rs-best.json" "(lambda t: [e['at_ms'] for e in t] == sorted(e['at_ms'] for e in t) and t[0]['when'] == '2024-01-01 17:00:00  +0s' and t[0]['text'].startswith('InitiateJob') and [e['text'] for e in t if e['when'].startswith('2024-01-02 09:00:00  +16h')] == [\"Legal's deadline\", 'your script calls GetJobOutput'] and [e['text'] for e in t][-1].startswith(\"the first job's output expires\"))([e for e in d['events'] if e.get('title') == 'The restore on a timeline'][0]['timeline'])" "restore: the timeline puts the download inside the output window"
json_check "$T/rs-best.json" "[all(r[1].startswith('ResourceNotFoundException (404)') and 'expired' in r[1] for r in e['rows']) for e in d['events'] if e.get('title', '').startswith('GetJobOutput at') and e['title'] != 'GetJobOutput at 2024-01-02T09:00:00.000Z'] == [True]" "restore: the output link expires"
# The urgent scan: Expedited, ready within 1-5 minutes.
json_check "$T/rs-best.json" "(exec(open('$T/jobs.py').read()) or (lambda r: r[0] == 'Expedited' and r[2] == 'yes' and r[3] == 'downloaded 200.0 MB' and 60 <= seconds(r[1]) <= 300))([e for e in d['events'] if e.get('title') == 'The contract scan'][0]['rows'][0])" "restore: Expedited scan in 1-5 minutes"

expect_exit 0 "restore: replay" -- "$BDW" --db "$DB" play $RS --answers "$T/rs-best.txt" --seed 7 --json
json_check "$T/out" "d['events'] == json.load(open('$T/rs-best.json'))['events']" "restore: deterministic transcript"
for seed in 1 2 3; do
  expect_exit 0 "restore: seed $seed" -- "$BDW" --db "$DB" play $RS --answers "$T/rs-best.txt" --seed $seed --json
  json_check "$T/out" "d['score'] == 5 and (exec(open('$T/jobs.py').read()) or jobs_ok(d, 'Bulk', 5, 12, '\$0.0300', '2024-01-01T17:00:00.000Z'))" "restore: seed $seed keeps Bulk within 5-12 h"
done
expect_exit 0 "restore: seed 8" -- "$BDW" --db "$DB" play $RS --answers "$T/rs-best.txt" --seed 8 --json
json_check "$T/out" "[e for e in d['events'] if e.get('title') == 'Retrieval jobs'] != [e for e in json.load(open('$T/rs-best.json'))['events'] if e.get('title') == 'Retrieval jobs']" "restore: another seed draws other times"

# Anti-patterns: Expedited for 12 GB archives (refused: over 250 MB), and
# downloading on Friday, days after the 24-hour window: 404, retrieve again.
printf '1\n0.1201\n3\n2\n' >"$T/rs-bad.txt"
expect_exit 0 "restore: anti-patterns" -- "$BDW" --db "$DB" play $RS --answers "$T/rs-bad.txt" --seed 7 --json
cp "$T/out" "$T/rs-bad.json"
json_check "$T/rs-bad.json" "d['antipatterns'] == ['glacier.expedited-for-bulk', 'glacier.missed-output-window']" "restore: both anti-patterns recorded"
json_check "$T/rs-bad.json" "[s['points'] for s in d['steps']] == [0, 1, 0, 0]" "restore: scored"
json_check "$T/rs-bad.json" "[r[1] for r in [e for e in d['events'] if e.get('title') == 'InitiateJob with Expedited'][0]['rows']] == ['InvalidParameterValueException (400): Expedited retrievals are for archives up to 250 MB; use Standard or Bulk'] * 4" "restore: Expedited over 250 MB refused"
json_check "$T/rs-bad.json" "all(r[1].startswith('ResourceNotFoundException (404)') for r in [e for e in d['events'] if e.get('title') == 'GetJobOutput at 2024-01-05T09:00:00.000Z'][0]['rows'])" "restore: Friday's download finds the output expired"
json_check "$T/rs-bad.json" "[e['rows'][1] for e in d['events'] if e.get('title', '').startswith('Costs of vault')][1] == ['retrieval', '\$0.2400']" "restore: the second retrieval is billed again"
json_check "$T/rs-bad.json" "[e for e in d['events'] if e['type'] == 'feedback' and e['antipatterns']][1]['antipatterns'][0]['title'] == \"Letting a retrieval job's output expire\"" "restore: the new catalog entry is shown"
json_check "$T/rs-bad.json" "[e['rows'][0][2] for e in d['events'] if e.get('title') == 'The contract scan'] == ['NO']" "restore: Standard misses the 15 minutes"

# Standard: meets the deadline but not the budget ($0.4802), half the points;
# at 19:00 the jobs are still running: InvalidParameterValueException (400).
printf '2\n0.4802\n1\n1\n' >"$T/rs-std.txt"
expect_exit 0 "restore: standard" -- "$BDW" --db "$DB" play $RS --answers "$T/rs-std.txt" --seed 7 --json
json_check "$T/out" "[s['verdict'] for s in d['steps']] == ['partial', 'correct', 'wrong', 'correct'] and d['score'] == 3 and d['antipatterns'] == []" "restore: standard is partial"
json_check "$T/out" "exec(open('$T/jobs.py').read()) or jobs_ok(d, 'Standard', 3, 5, '\$0.1200', '2024-01-01T17:00:00.000Z')" "restore: Standard jobs take 3-5 h"
json_check "$T/out" "all(r[1].startswith('InvalidParameterValueException (400)') for r in [e for e in d['events'] if e.get('title') == 'GetJobOutput at 2024-01-01T19:00:00.000Z'][0]['rows'])" "restore: output not available before completion"

# Lint explores every branch of both scenarios (each option, each input) in a
# pack of their own, so other scenarios of the core pack do not matter here.
mkdir -p "$T/gpack/scenarios"
echo '{ "id": "glacier-only", "title": "Glacier", "version": "1.0.0" }' >"$T/gpack/pack.json"
cp "$BDW_SRC/scenarios/core/scenarios/glacier-compliance.lua" \
   "$BDW_SRC/scenarios/core/scenarios/glacier-restore.lua" "$T/gpack/scenarios/"
# Exploring is bounded by its runs; the time bound is set far off so that a
# busy machine does not cut it short (this checks the branches, not speed).
expect_exit 0 "lint the Glacier scenarios" -- "$BDW" pack lint "$T/gpack" --explore-seconds 300
expect_grep "$T/out" "2 scenario(s), 0 question(s), 0 anti-pattern(s): 0 error(s), 0 warning(s)" "every branch explored, clean"
finish
