#!/usr/bin/env bash
# bdw script: the sandbox with the simulator API, from the command line; and
# every example script under tests/scripts/ runs clean.
. "$(dirname "$0")/lib.sh"

cat >"$T/ok.lua" <<'LUA'
local c = aws.athena.cost { scanned = "1TB" }
assert(c.dollars == 5, "1 TB costs $5")
print("cost", c.dollars)
clock.advance("25h")
print(clock.iso())
LUA
expect_exit 0 "a good script" -- "$BDW" script "$T/ok.lua"
expect_grep "$T/out" "^cost	5" "print goes to stdout"
expect_grep "$T/out" "2024-01-02T01:00:00.000Z" "the sim clock moved 25h"

printf 'local x = 1\nprint("before")\nlocal y = x + nil\n' >"$T/err.lua"
expect_exit 65 "a failing script" -- "$BDW" script "$T/err.lua"
expect_grep "$T/err" "err.lua:3:" "file:line on error"
expect_grep "$T/out" "before" "output before the error is kept"

for escape in 'os.execute("touch /tmp/bdw-pwned")' 'io.open("/etc/passwd")' 'require("os")' \
              'dofile("/etc/passwd")' 'loadfile("/etc/passwd")' 'debug.getregistry()' \
              'package.loadlib("libc.so.6", "system")' 'collectgarbage()'; do
  echo "$escape" >"$T/escape.lua"
  expect_exit 65 "sandbox refuses: $escape" -- "$BDW" script "$T/escape.lua"
  expect_grep "$T/err" "undefined global" "named as undefined: $escape"
done
[ -e /tmp/bdw-pwned ] && bad "os.execute ran" || ok

echo 'while true do end' >"$T/loop.lua"
expect_exit 65 "runaway script stopped" -- "$BDW" script "$T/loop.lua"
expect_grep "$T/err" "instructions" "says why it stopped"
printf '\033Lua\124\000' >"$T/binary.lua"
expect_exit 65 "binary chunk refused" -- "$BDW" script "$T/binary.lua"
expect_grep "$T/err" "binary" "says binary chunks are refused"
expect_exit 66 "missing script" -- "$BDW" script "$T/nope.lua"
expect_exit 66 "a folder is not a script" -- "$BDW" script "$T"

for f in "$BDW_SRC"/tests/scripts/*.lua; do
  [ -e "$f" ] || continue
  expect_exit 0 "example script $(basename "$f")" -- "$BDW" script "$f"
done
finish
