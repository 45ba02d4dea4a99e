#!/usr/bin/env bash
# cmake --install puts bdw in bin/ and the bundled packs in share/bdw/packs,
# and the installed binary finds its packs there (not in the source tree).
. "$(dirname "$0")/lib.sh"
: "${BDW_BUILD:?BDW_BUILD must name the build folder}"

expect_exit 0 "cmake --install" -- cmake --install "$BDW_BUILD" --prefix "$T/prefix"
[ -x "$T/prefix/bin/bdw" ] && ok || bad "bdw installed in bin/"
[ -f "$T/prefix/share/bdw/packs/core/pack.json" ] && ok || bad "the core pack installed"
[ -f "$T/prefix/share/man/man1/bdw.1" ] && ok || bad "the man page installed"
expect_exit 0 "installed pack list" -- "$T/prefix/bin/bdw" pack list --json
json_check "$T/out" "[p['dir'] for p in d['packs'] if p['id'] == 'core'][0].startswith('$T/prefix/share/bdw/packs')" "packs found beside the installed binary"
printf '1\n1\n10\n1\n' >"$T/a.txt"
expect_exit 0 "installed bdw plays" -- "$T/prefix/bin/bdw" --db "$DB" play core/athena-cost --answers "$T/a.txt" --json
json_check "$T/out" "d['score'] == 4" "and scores"
expect_exit 0 "build-tree pack list" -- "$BDW" pack list --json
json_check "$T/out" "[p['dir'] for p in d['packs'] if p['id'] == 'core'][0].startswith('$BDW_SRC/scenarios')" "the build tree uses the source packs"
finish
