# Shared by the headless tests: a private temp folder, a private database,
# and checks that print what they saw when they fail.
set -u
: "${BDW:?BDW must name the bdw binary}"
: "${BDW_SRC:?BDW_SRC must name the source folder}"
T=$(mktemp -d /tmp/bdw-headless.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/xdg"
DB="$T/progress.db"
FAILS=0
PASSES=0

ok() { PASSES=$((PASSES + 1)); }
bad() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }

# expect_exit CODE DESCRIPTION -- command...
expect_exit() {
  local want=$1 what=$2; shift 3
  "$@" >"$T/out" 2>"$T/err"
  local got=$?
  if [ "$got" = "$want" ]; then ok; else
    bad "$what: exit $got, wanted $want"; echo "--- stdout"; head -c 3000 "$T/out"; echo "--- stderr"; head -c 3000 "$T/err"
  fi
}

# expect_grep FILE PATTERN DESCRIPTION
expect_grep() {
  if grep -q -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; head -c 3000 "$1"; fi
}

# json_check FILE PYTHON-EXPRESSION DESCRIPTION: d is the parsed document.
json_check() {
  if python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if ($2) else 1)" "$1" 2>"$T/pyerr"; then ok; else
    bad "$3: ($2) is false"; head -c 4000 "$1"; cat "$T/pyerr"
  fi
}

finish() {
  echo "$PASSES passed, $FAILS failed"
  [ "$FAILS" -eq 0 ]
}

# Python expressions for json_check on a scenario's --json output: the rows
# of the table it showed whose title starts with $1, and a shown figure as
# an integer ("1,025" -> 1025, "55%" -> 55).
table() { echo "next(e['rows'] for e in d['events'] if e['type'] == 'show' and e.get('title', '').startswith('$1'))"; }
num() { echo "int(str($1).replace(',', '').replace('%', '').split()[0])"; }
