#!/usr/bin/env bash
# Outside files that are endless, too large, or not files at all: every read
# is bounded, a folder or a device where a file belongs is refused with the
# file's name, and a FIFO in a pack cannot hang bdw. Every run that could
# hang is under `timeout 20` (exit 124 would be the hang).
. "$(dirname "$0")/lib.sh"

printf '1\n1\n1\n1\n' >"$T/ones.txt"

# Answers: /dev/zero has no line end; a bounded line read stops it at once.
expect_exit 65 "quiz --answers /dev/zero" -- timeout 20 "$BDW" --db "$DB" quiz --count 2 --answers /dev/zero
expect_grep "$T/err" "^bdw: /dev/zero:1:[0-9]*: the line is longer than 64 KiB" "names the file and line"
expect_exit 65 "play --answers /dev/zero --json" -- timeout 20 "$BDW" --db "$DB" play core/athena-cost --answers /dev/zero --json
json_check "$T/out" "d['exit'] == 65 and d['error']['file'] == '/dev/zero' and d['error']['line'] == 1 and 'longer than 64 KiB' in d['error']['message']" "the JSON names it too"
# An over-long line further down a regular file: its line number.
{ echo 1; echo 1; head -c 70000 /dev/zero | tr '\0' 'x'; echo; } >"$T/long.txt"
expect_exit 65 "an answer line over 64 KiB" -- timeout 20 "$BDW" --db "$DB" quiz --count 5 --seed 1 --answers "$T/long.txt"
expect_grep "$T/err" "^bdw: $T/long.txt:3:[0-9]*: the line is longer than 64 KiB" "at line 3"
# A line just under the cap is read (and refused as an answer, not as a line).
{ head -c 60000 /dev/zero | tr '\0' 'x'; echo; } >"$T/wide.txt"
expect_exit 65 "a 60 KB answer" -- timeout 20 "$BDW" --db "$DB" quiz --count 1 --seed 1 --answers "$T/wide.txt"
if grep -q "longer than 64 KiB" "$T/err"; then bad "a 60 KB line was refused as too long"; else ok; fi

# Endless hint requests stop, and say why.
expect_exit 65 "endless '?' in a quiz" -- timeout 20 sh -c "yes '?' | '$BDW' --db '$DB' quiz --count 2 --answers -"
expect_grep "$T/err" "^bdw: <stdin>:5:1: no hints in a quiz: '?' was answered 5 times" "says why"
expect_exit 65 "endless '?' in a scenario" -- timeout 20 sh -c "yes '?' | '$BDW' --db '$DB' play core/athena-cost --answers -"
expect_grep "$T/err" "^bdw: <stdin>:[0-9]*:1: '?' asks for a hint again and again: answer instead" "says why"

# A folder is never an answers file; a FIFO named on purpose is.
expect_exit 66 "a folder as the answers" -- timeout 20 "$BDW" --db "$DB" quiz --count 1 --answers "$T"
expect_grep "$T/err" "^bdw: $T: is a folder, not an answers file (--answers takes a file, a pipe, or - for standard input)" "says what it takes"
expect_exit 66 "a folder as a scenario's answers" -- timeout 20 "$BDW" --db "$DB" play core/athena-cost --answers "$T" --json
json_check "$T/out" "d['exit'] == 66 and 'is a folder' in d['error']['message']" "the JSON says so"
mkfifo "$T/answers.fifo"
(sleep 0.2; cat "$T/ones.txt" >"$T/answers.fifo") &
expect_exit 0 "a FIFO as the answers" -- timeout 20 "$BDW" --db "$DB" quiz --count 3 --seed 1 --answers "$T/answers.fifo" --json
wait
json_check "$T/out" "d['answered'] == 3" "read from the FIFO"
expect_exit 0 "answers on standard input" -- timeout 20 sh -c "cat '$T/ones.txt' | '$BDW' --db '$DB' quiz --count 3 --seed 1 --answers - --json"
json_check "$T/out" "d['answered'] == 3" "read from the pipe"

# A pack with a FIFO (and a folder) where files belong: lint names each, and
# nothing waits on the FIFO.
"$BDW" pack new "$T/p" >/dev/null
mkfifo "$T/p/scenarios/x.lua" "$T/p/questions/q.json"
mkdir "$T/p/scenarios/d.lua"
expect_exit 65 "lint with a FIFO under scenarios/" -- timeout 20 "$BDW" pack lint "$T/p"
expect_grep "$T/err" "^error: p/scenarios/x.lua: is a FIFO, not a regular file" "names the scenario FIFO"
expect_grep "$T/err" "^error: p/questions/q.json: is a FIFO, not a regular file" "names the question FIFO"
expect_grep "$T/err" "^error: p/scenarios/d.lua: is a folder, not a regular file" "names the folder"
expect_exit 65 "lint --json with them" -- timeout 20 "$BDW" pack lint "$T/p" --json
json_check "$T/out" "sorted(x['file'] for x in d['problems'] if x['severity'] == 'error') == ['p/questions/q.json', 'p/scenarios/d.lua', 'p/scenarios/x.lua'] and d['scenarios'] == 1" "three errors, the real scenario kept"
expect_exit 0 "pack list with them" -- timeout 20 "$BDW" --packs "$T/p" pack list
expect_exit 0 "playing the pack's real scenario" -- timeout 20 "$BDW" --db "$DB" --packs "$T/p" play p/first --answers "$T/ones.txt"
expect_exit 0 "a quiz on the pack" -- timeout 20 "$BDW" --db "$DB" --packs "$T/p" quiz --pack p --count 1 --answers "$T/ones.txt"
# pack.json itself a FIFO.
mkdir -p "$T/p2"
mkfifo "$T/p2/pack.json"
expect_exit 65 "lint with pack.json a FIFO" -- timeout 20 "$BDW" pack lint "$T/p2"
expect_grep "$T/err" "p2/pack.json: is a FIFO, not a regular file" "names pack.json"
# A question bank over the 16 MiB limit (sparse: nothing is written).
"$BDW" pack new "$T/p3" >/dev/null
truncate -s 17M "$T/p3/questions/huge.json"
expect_exit 65 "lint with a 17 MiB bank" -- timeout 20 "$BDW" pack lint "$T/p3"
expect_grep "$T/err" "p3/questions/huge.json: the file is larger than the 16 MiB limit (17 MiB)" "names the bank and the limit"

# Imports: a 9 MiB GIFT file exists, so it is bad data (65), not missing.
truncate -s 9M "$T/big.gift"
expect_exit 65 "import of a 9 MiB GIFT file" -- timeout 20 "$BDW" pack import "$T/big.gift" --out "$T/imp"
expect_grep "$T/err" "^bdw: $T/big.gift: the file is larger than the 8 MiB limit (9 MiB)" "names the file and the limit"
expect_exit 65 "import --json of it" -- timeout 20 "$BDW" pack import "$T/big.gift" --out "$T/imp" --json
json_check "$T/out" "d['exit'] == 65 and d['error']['file'] == '$T/big.gift'" "the JSON names it"
expect_exit 66 "import of a folder" -- timeout 20 "$BDW" pack import "$T" --out "$T/imp"
expect_grep "$T/err" "is a folder, not a regular file" "says it is a folder"
printf '::Q1:: Which is a columnar format? {=Parquet ~CSV}\n' >"$T/small.gift"
expect_exit 0 "import from a pipe" -- timeout 20 bash -c "'$BDW' pack import <(cat '$T/small.gift') --out '$T/imp' --format gift"
grep -rq Parquet "$T/imp/questions" && ok || bad "the pipe's questions were not written"
printf '// only a comment\n' >"$T/none.gift"
expect_exit 65 "a GIFT file with no questions" -- timeout 20 "$BDW" pack import "$T/none.gift" --out "$T/imp2"

# Class reports: exports that are FIFOs, folders or too large.
mkfifo "$T/export.fifo"
expect_exit 66 "report on a FIFO" -- timeout 20 "$BDW" report "$T/export.fifo"
expect_grep "$T/err" "$T/export.fifo: is a FIFO, not a regular file" "names it"
expect_exit 66 "report on a folder" -- timeout 20 "$BDW" report "$T"
truncate -s 17M "$T/huge-export.json"
expect_exit 65 "report on a 17 MiB export" -- timeout 20 "$BDW" report "$T/huge-export.json"
expect_grep "$T/err" "larger than the 16 MiB limit" "names the limit"

# A script that is a FIFO is refused, not waited on.
mkfifo "$T/script.lua"
expect_exit 66 "script on a FIFO" -- timeout 20 "$BDW" script "$T/script.lua"
expect_grep "$T/err" "$T/script.lua: is a FIFO, not a regular file" "says what it is"

# The database: a FIFO or a folder given as --db is refused before SQLite
# opens it (opening a FIFO would wait).
mkfifo "$T/db.fifo"
expect_exit 66 "--db a FIFO, progress" -- timeout 20 "$BDW" --db "$T/db.fifo" progress
expect_grep "$T/err" "^bdw: $T/db.fifo: not a database file (a FIFO); --db takes a file" "says what it is"
expect_exit 66 "--db a FIFO, quiz" -- timeout 20 "$BDW" --db "$T/db.fifo" quiz --count 1 --answers "$T/ones.txt"
expect_exit 66 "--db a folder" -- timeout 20 "$BDW" --db "$T" progress --json
json_check "$T/out" "d['exit'] == 66 and 'a folder' in d['error']['message']" "the JSON says so"
finish
