#!/usr/bin/env bash
# Colour roles: with colour the home screen uses colour pairs; NO_COLOR=1 and
# --no-color turn them off (attributes such as reverse stay, so the cursor
# still shows); NO_COLOR set but empty does not count (no-color.org).
. "$(dirname "$0")/lib.sh"

# True when the screen, with its escape sequences, sets a foreground or
# background colour (SGR 30-37, 40-47, 90-97, 38;5, 48;5).
has_color() {
  tmux -S "$SOCK" capture-pane -p -e | grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|38;5|48;5)(;[0-9;]*)?m'
}
has_reverse() {
  tmux -S "$SOCK" capture-pane -p -e | grep -qE $'\e\\[([0-9;]*;)?7(;[0-9;]*)?m'
}

passes=0
run_case() { # ENV-ARGS WANT-COLOR(yes/no)
  tui_start 100 30 "$1"
  wait_for "What will this Athena query cost?"
  if [ "$2" = yes ]; then
    has_color || fail "no colour with '$1'"
  else
    ! has_color || fail "colour despite '$1'"
    has_reverse || fail "no reverse video for the cursor with '$1'"
  fi
  keys q
  wait_for "EXIT=0"
  passes=$((passes + 1))
}
run_case "TERM=xterm-256color" yes
run_case "TERM=xterm-256color NO_COLOR=" yes
run_case "TERM=xterm-256color NO_COLOR=1" no
BDW_ARGS_SAVED=$BDW
BDW="$T/bdw-no-color"
printf '#!/bin/sh\nexec %q --no-color "$@"\n' "$BDW_ARGS_SAVED" >"$BDW"
chmod +x "$BDW"
run_case "TERM=xterm-256color" no
echo "$passes passed, 0 failed"
