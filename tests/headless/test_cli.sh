#!/usr/bin/env bash
# The command-line surface: help, version, usage errors and their exit codes.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "--version" -- "$BDW" --version
expect_grep "$T/out" "^bdw [0-9]*\.[0-9]*\.[0-9]*$" "--version prints the version on stdout"
expect_exit 0 "--help" -- "$BDW" --help
for cmd in play quiz script "pack list" "pack lint" progress "export --json"; do
  expect_grep "$T/out" "bdw $cmd" "--help lists $cmd"
done
expect_exit 64 "unknown option" -- "$BDW" --frobnicate
expect_grep "$T/err" "usage:" "usage on stderr for an unknown option"
[ -s "$T/out" ] && bad "nothing on stdout for a usage error" || ok
expect_exit 64 "unknown command" -- "$BDW" frobnicate
expect_exit 64 "play with no scenario" -- "$BDW" --db "$DB" play
expect_exit 64 "play with a bad seed" -- "$BDW" --db "$DB" play core/athena-cost --seed abc
expect_exit 64 "quiz with a bad count" -- "$BDW" --db "$DB" quiz --count 0
expect_exit 64 "quiz with a bad mode" -- "$BDW" --db "$DB" quiz --mode easy
expect_exit 66 "play an unknown pack" -- "$BDW" --db "$DB" play nosuch/thing --answers /dev/null
expect_grep "$T/err" "no pack 'nosuch'" "the missing pack is named"
expect_exit 66 "play an unknown scenario" -- "$BDW" --db "$DB" play core/nosuch --answers /dev/null
expect_exit 66 "missing answers file" -- "$BDW" --db "$DB" play core/athena-cost --answers "$T/none.txt"
expect_grep "$T/err" "none.txt" "the missing answers file is named"
expect_exit 64 "export needs --json" -- "$BDW" --db "$DB" export
expect_exit 64 "--db without a value" -- "$BDW" --db
expect_exit 0 "pack list" -- "$BDW" pack list
expect_grep "$T/out" "core/athena-cost" "pack list shows the bundled scenario"
expect_exit 0 "pack list --json" -- "$BDW" pack list --json
json_check "$T/out" "any(p['id'] == 'core' and p['questions'] >= 10 for p in d['packs'])" "core pack in the JSON list"
expect_exit 65 "--json error document on bad data" -- "$BDW" --db "$DB" quiz --pack core --answers /dev/null --json --count 1
json_check "$T/out" "d['exit'] == 65 and d['error']['file'] == '/dev/null' and d['error']['line'] == 1" "JSON error names the answers file"
finish
