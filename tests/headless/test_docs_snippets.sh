#!/usr/bin/env bash
# Every Lua example in docs/authoring.md runs in the sandbox (`bdw script`);
# the fragments that need a scenario's `s` are at least compiled. Every JSON
# example that is a whole document parses.
. "$(dirname "$0")/lib.sh"

python3 - "$BDW_SRC/docs/authoring.md" "$T" <<'PY'
import json, os, re, sys
text = open(sys.argv[1]).read()
lua = json_n = 0
for i, m in enumerate(re.finditer(r'^```(lua|json)\n(.*?)^```', text, re.S | re.M)):
    kind, body = m.group(1), m.group(2)
    line = text[:m.start()].count('\n') + 2
    if kind == 'lua':
        open(os.path.join(sys.argv[2], f'snippet-{line}.lua'), 'w').write(body)
        lua += 1
    elif body.lstrip().startswith('{') and body.rstrip().endswith('}') and '...' not in body:
        try:
            json.loads(body)
        except ValueError as e:
            print(f'authoring.md:{line}: JSON example does not parse: {e}', file=sys.stderr)
            sys.exit(1)
        json_n += 1
print(lua, 'lua', json_n, 'json', file=sys.stderr)
PY
[ $? -eq 0 ] && ok || bad "the JSON examples parse"

for f in "$T"/snippet-*.lua; do
  line=$(basename "$f" .lua | sed 's/snippet-//')
  if "$BDW" script "$f" >"$T/out" 2>"$T/err"; then ok; continue; fi
  # A fragment of a scenario (it uses `s`, or is a bare option table): compile
  # it inside a function instead of running it.
  if grep -q "undefined global 's'\|unexpected symbol\|'<eof>' expected\|malformed" "$T/err"; then
    { echo "local _ = function(s)"; cat "$f"; echo; echo "end"; } >"$T/wrapped.lua"
    if "$BDW" script "$T/wrapped.lua" >"$T/out" 2>"$T/err2"; then ok; continue; fi
    { echo "local _ = {"; cat "$f"; echo; echo "}"; } >"$T/wrapped.lua"
    if "$BDW" script "$T/wrapped.lua" >"$T/out" 2>/dev/null; then ok; continue; fi
    bad "authoring.md:$line: the Lua example does not compile"; cat "$T/err2"
  else
    bad "authoring.md:$line: the Lua example fails"; cat "$T/err"
  fi
done
finish
