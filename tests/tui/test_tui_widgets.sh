#!/usr/bin/env bash
# The front end's widgets through a small scenario of the test's own (a pack
# passed with --packs): a multi-line JSON answer (Enter continues while a
# brace is open, Ctrl-D finishes), a multiple-response choice ticked with
# Space, a chart, a timeline, a pause, CJK text, and an unscored input; the stored
# answers are exactly what was typed and ticked.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/packs/tuitest/scenarios"
cat >"$T/packs/tuitest/pack.json" <<'JSON'
{ "id": "tuitest", "title": "TUI widget test pack", "version": "1.0.0", "author": "tests",
  "license": "CC0-1.0", "description": "Exercises every widget of the terminal app.", "bdw": "0.1.0" }
JSON
cat >"$T/packs/tuitest/scenarios/widgets.lua" <<'LUA'
return scenario {
  id = "tuitest.widgets", title = "Widget workout", summary = "Every kind of question once.",
  domain = "storage", topics = { "test" }, difficulty = 3, minutes = 2,
  run = function(s)
    s:say("データレイク: a line of CJK text, wide characters and all.")
    local policy = s:input("Paste the policy", { hint = "JSON", id = "policy" })
    s:show({ title = "Throughput", chart = { 1, 5, 10, 5, 1 }, unit = "rec/s" })
    local t0 = clock.now()
    s:show({ title = "Lock window", timeline = { { at = t0, text = "initiated" },
      { at = t0 + clock.duration("24h"), text = "the lock ID expires and the policy goes away " ..
        "unless CompleteVaultLock was called in time, a line long enough to wrap" } } })
    local picked = s:choose_many("Which are columnar?", {
      { "CSV" }, { "Parquet", correct = true }, { "ORC", correct = true }, { "JSON" },
    }, { id = "columnar" })
    s:pause("Take a breath.")
    s:say("You picked " .. #picked .. " and wrote " .. #policy .. " bytes.")
  end,
}
LUA

tui_start 100 30 "" "--packs $(q "$T/packs")"
wait_for "TUI widget test pack"
select_row "Every kind of question once."
keys Enter
wait_for "データレイク"
wait_for "Your answer (JSON):"
# Enter inside an open brace starts a new line; the answer ends with Ctrl-D.
keys -l '{"Effect": "Deny",'
keys Enter
keys -l '"Action": "glacier:DeleteArchive"}'
wait_re '^ +"Action": "glacier:DeleteArchive"\}$'
keys C-d
wait_for "Which are columnar?"
wait_for "Throughput"
wait_re "10 rec/s \|.+$"
# The timeline: a bullet, the label padded, the text; a long one wraps under
# its own first line, not under the bullet.
wait_re '^   ● 2024-01-01 00:00:00  \+0s  initiated$'
wait_re '^   ● 2024-01-02 00:00:00  \+1d  the lock ID expires'
wait_re '^ {31}[A-Za-z]'
# Enter with nothing ticked asks for a tick; then Space ticks.
keys Enter
wait_for "Pick at least one"
keys j Space j Space Enter
wait_for "Take a breath."
keys x
wait_for "You picked 2 and wrote"
wait_for "Press any key for the debrief"
keys Enter
wait_for "Score: 1/1"
keys Enter
wait_for "Widget workout"
keys q
wait_for "EXIT=0"
expect_terminal_restored

"$BDW" --packs "$T/packs" --db "$DB" progress --json >"$T/p.json" || fail "progress --json failed"
python3 - "$T/p.json" <<'PY' || { cat "$T/p.json" >&2; fail "the answers are not stored as given"; }
import json, sys
a = json.load(open(sys.argv[1]))["attempts"]
assert len(a) == 1 and a[0]["status"] == "completed", a
ans = {x["item"]: x for x in a[0]["answers"]}
assert ans["policy"]["answer"] == '{"Effect": "Deny",\n"Action": "glacier:DeleteArchive"}', ans["policy"]
assert ans["columnar"]["answer"] == "2+3" and ans["columnar"]["verdict"] == "correct", ans["columnar"]
PY
echo "1 passed, 0 failed"
