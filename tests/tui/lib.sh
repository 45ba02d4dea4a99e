# Shared by the TUI tests: the real bdw under tmux on a private socket, in a
# private temp folder, with a helper that polls the screen for a text (never
# a fixed sleep) and prints the screen when it gives up.
set -u
: "${BDW:?BDW must name the bdw binary}"
T=$(mktemp -d /tmp/bdw-tui.XXXXXX)
SOCK="$T/tmux.0.sock"
NSTARTS=0
DB="$T/progress db.sqlite" # a space in the path on purpose
export XDG_DATA_HOME="$T/xdg"
# Sanitizer builds are slow to start: poll generously.
WAIT_SECONDS=${BDW_TUI_WAIT:-30}

tui_cleanup() {
  local s
  for s in "$T"/tmux.*.sock; do [ -S "$s" ] && tmux -S "$s" kill-server 2>/dev/null; done
  rm -rf "$T"
}
trap tui_cleanup EXIT

q() { printf '%q' "$1"; }

# tui_start [COLUMNS ROWS [ENV-ARGS [BDW-ARGS]]] -- starts bdw in a new tmux server; when it exits
# the pane prints EXIT=<code> and the terminal modes, then stays open.
tui_start() {
  local cols=${1:-100} rows=${2:-30} extra=${3:-} args=${4:-}
  # A fresh server (and socket) per start: reusing a socket right after
  # kill-server races with the dying server.
  tmux -S "$SOCK" kill-server 2>/dev/null
  NSTARTS=$((NSTARTS + 1))
  SOCK="$T/tmux.$NSTARTS.sock"
  rm -f "$T/bdw.pid"
  # The inner sh writes its pid, then becomes env, then bdw: the same pid.
  local inner="echo \$\$ >$(q "$T/bdw.pid"); exec \"\$@\""
  local cmd="ulimit -c 0; sh -c $(q "$inner") sh env $extra LC_ALL=C.UTF-8 $(q "$BDW") $args"
  cmd+=" --db $(q "$DB"); echo EXIT=\$?; "
  cmd+="echo STTY: \$(stty -a | tr ' ;' '\n\n' | grep -E '^-?(icanon|echo|isig)\$' | tr '\n' ' '); "
  cmd+="exec sleep 600"
  tmux -f /dev/null -S "$SOCK" new-session -d -x "$cols" -y "$rows" "$cmd"
}

screen() { tmux -S "$SOCK" capture-pane -p 2>/dev/null; }
keys() { tmux -S "$SOCK" send-keys "$@"; }
fail() {
  echo "FAIL: $*" >&2
  echo "--- screen ---" >&2
  screen >&2
  exit 1
}

# wait_for TEXT: polls until TEXT (fixed string) is on the screen.
wait_for() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  while [ $SECONDS -lt $deadline ]; do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  fail "no '$1' on the screen after ${WAIT_SECONDS}s"
}

# wait_re REGEX: polls until a line of the screen matches REGEX (grep -E).
wait_re() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  while [ $SECONDS -lt $deadline ]; do
    if screen | grep -qE -- "$1"; then return 0; fi
    sleep 0.1
  done
  fail "no line matching /$1/ on the screen after ${WAIT_SECONDS}s"
}

# wait_gone TEXT: polls until TEXT is no longer on the screen.
wait_gone() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  while [ $SECONDS -lt $deadline ]; do
    if ! screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  fail "'$1' still on the screen after ${WAIT_SECONDS}s"
}

# The pid of bdw inside the pane.
bdw_pid() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  while [ ! -s "$T/bdw.pid" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  cat "$T/bdw.pid"
}

# The terminal was given back: canonical input, echo and signals on.
expect_terminal_restored() {
  wait_for "STTY:"
  local line
  line=$(screen | grep -F "STTY:")
  for mode in icanon echo isig; do
    case " $line " in
      *" $mode "*) ;;
      *) fail "terminal mode $mode is not restored: $line" ;;
    esac
  done
}

# select_row TEXT: moves down the home screen until the detail pane (or the
# list) shows TEXT for the selected row; the pack may hold other scenarios.
# It only moves down, from wherever the cursor is (the top after a start).
select_row() {
  wait_for "Quit"
  for _ in $(seq 1 60); do
    if screen | grep -qF -- "$1"; then return 0; fi
    local before
    before=$(screen)
    keys j
    local deadline=$((SECONDS + WAIT_SECONDS))
    while [ "$(screen)" = "$before" ]; do
      [ $SECONDS -lt $deadline ] || fail "no row below shows '$1'"
      sleep 0.1
    done
  done
  fail "no row shows '$1'"
}

# open_athena: from the home screen, opens "What will this Athena query cost?".
open_athena() {
  wait_for "What will this Athena query cost?"
  select_row "Price one query against a CSV table"
  keys Enter
}

# Answers the Athena scenario's first two questions right and waits at the
# third (the billed megabytes).
athena_to_the_number() {
  wait_for "What does Athena charge for this query?"
  keys 1 Enter
  wait_for "What do you change?"
  keys 1 Enter
  wait_for "How many megabytes are billed?"
}

# A pack of three questions with the right answer first ("shuffle": false,
# so "2" is always wrong), and two exam blueprints.
mk_exam_pack() {
  mkdir -p "$T/ex/questions" "$T/ex/scenarios"
  cat >"$T/ex/pack.json" <<'JSON'
{ "id": "ex", "title": "Exam pack", "version": "1.0.0",
  "blueprints": [
    { "id": "short", "title": "Short", "count": 3, "minutes": 15, "domains": { "d": 1 } },
    { "id": "tiny", "title": "Tiny", "count": 3, "minutes": 1, "domains": { "d": 1 } } ] }
JSON
  cat >"$T/ex/questions/q.json" <<'JSON'
{ "questions": [
  { "id": "ex.a", "topic": "t.a", "domain": "d", "prompt": "A?", "explanation": "e",
    "shuffle": false, "choices": [ { "text": "right", "correct": true }, { "text": "wrong" } ] },
  { "id": "ex.b", "topic": "t.b", "domain": "d", "prompt": "B?", "explanation": "e",
    "shuffle": false, "choices": [ { "text": "right", "correct": true }, { "text": "wrong" } ] },
  { "id": "ex.c", "topic": "t.c", "domain": "d", "prompt": "C?", "explanation": "e",
    "shuffle": false, "choices": [ { "text": "right", "correct": true }, { "text": "wrong" } ] }
] }
JSON
}
