#!/usr/bin/env bash
# The sandbox attack suite: every file in tests/attacks/ is one attack by a
# hostile pack author, run through `bdw script`, `bdw play` and/or
# `bdw pack lint`, and checked for the outcome its header names, and for the
# host surviving: no signal, no sanitizer report, no "unprotected Lua error",
# within a time bound and a memory bound, and no file written outside the
# test's own folder.
#
# An attack file starts with a header of `--` lines:
#   -- attack: what it tries (one line)
#   -- via: script play lint       (any of them; see below)
#   -- expect: stopped             (outcome classes below; alternatives joined
#                                   with " or ", e.g. "stopped or memory")
#   -- answers: 1,2                (play only: the answers file, one a line;
#                                   default a few "1" lines)
#   -- output-lacks: /REGEX/       (optional: stdout and stderr must not match)
# When `script` is among the vias the file is a script body: it runs as is
# through `bdw script`, and play/lint wrap it as the run function of a
# scenario. Otherwise the file is a complete scenario file (`return scenario
# { ... }`); lines `---- file: NAME.lua` split it into several scenario files
# of one pack (lint only), in that order.
#
# Environment: BDW, BDW_SRC (and BDW_BUILD) as for every headless test;
# ATTACK_JOBS (default 2) attacks run at once; ATTACK_ONLY=REGEX runs only
# the attacks whose name matches; ATTACK_TIMEOUT / ATTACK_LINT_TIMEOUT in
# seconds.
. "$(dirname "$0")/lib.sh"

# --- the outcome classes: what each one asserts -------------------------------
# Every class is an exit code and a regex over stderr (lint: stdout and
# stderr) ("" = any). `refused`
# takes its regex from the header (`refused /REGEX/`), or a named one from
# NAMED_RE (`refused @bounded`); `{file}` in it stands for the attack's
# scenario file name. `survives` also needs a play to have completed.
declare -A CLASS_EXIT=([stopped]=65 [memory]=65 [refused]=65 [survives]=0)
declare -A CLASS_RE=(
  [stopped]='script stopped.*(budget|ran for more than)'   # the work budget, or the time limit
  [memory]='out of memory|not enough memory|more than its [0-9]+ MB of memory|memory (cap|limit)'
  [refused]=''                     # from the header
  [survives]=''
)
declare -A NAMED_RE=(
  # A C function whose work is bounded before it starts refuses the call.
  [bounded]='too large|too long|too big|too many|too complex|too deep|exceed|limit|budget'
)
PLAY_COMPLETED_RE='"status": *"completed"'
# Lint cuts a run short when the exploration's own time is up and reports it
# as a warning (exit 0): for lint, that counts as `stopped` too.
LINT_CUT_RE='cut short|may not end'
# Whatever the class: the host must not have crashed or aborted.
CRASH_RE='AddressSanitizer|LeakSanitizer|runtime error:|unprotected Lua error|SEGV|Segmentation fault|Aborted|core dumped'
RUN_TIMEOUT=${ATTACK_TIMEOUT:-30}        # script and play, seconds (ASan is ~3x release)
LINT_TIMEOUT=${ATTACK_LINT_TIMEOUT:-60}  # lint explores for 3 s plus one run's bound
LINT_EXPLORE_SECONDS=3
PEAK_KB_MAX=$((1536 * 1024))             # peak RSS of one run, ASan included
CANARY_GLOB='/tmp/bdw-pwned-*'           # attacks try to write files like these
JOBS=${ATTACK_JOBS:-2}
# ------------------------------------------------------------------------------

ATTACKS="$BDW_SRC/tests/attacks"
R="$T/results"
mkdir -p "$R"

TIME_BIN=""
if [ -x /usr/bin/time ]; then TIME_BIN=/usr/bin/time; else
  echo "note: /usr/bin/time is missing (scripts/deps.sh test installs it): peak memory not measured" >&2
fi

# A sanitizer build gets a hard RSS limit from ASan itself (ASan reserves too
# much address space for ulimit -v); a plain build gets an address-space limit
# well above the asserted peak, so that a runaway attack cannot take the
# machine down and is still reported by its peak.
if ldd "$BDW" 2>/dev/null | grep -q libasan || grep -aq __asan_init "$BDW" 2>/dev/null; then
  SANITIZED=1
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=$((PEAK_KB_MAX / 1024 + 512))"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
else
  SANITIZED=0
fi
VMEM_KB=$((4 * 1024 * 1024))

canaries_before=$(compgen -G "$CANARY_GLOB" | sort || true)

header() { # header FILE KEY -> the value of the first "-- KEY:" line of the header
  awk -v key="$2" '
    !/^--/ { exit }
    { line = $0; sub(/^--[ \t]*/, "", line)
      if (index(line, key ":") == 1) { sub(/^[^:]*:[ \t]*/, "", line); print line; exit } }' "$1"
}

# wrap_scenario BODY NAME OUT: a script body as the run function of a scenario.
wrap_scenario() {
  {
    printf 'return scenario { id = "atk.%s", title = "attack %s", summary = "An attack.", topics = { "athena.cost" }, run = function(s)\n' "$2" "$2"
    cat "$1"
    printf '\nend }\n'
  } >"$3"
}

# make_pack ATTACK NAME DIR WRAP: a throwaway pack around the attack.
make_pack() {
  local file=$1 name=$2 dir=$3 wrap=$4
  mkdir -p "$dir/scenarios"
  if [ "$wrap" = 1 ]; then
    wrap_scenario "$file" "$name" "$dir/scenarios/$name.lua"
    printf '{\n  "id": "atk",\n  "title": "Attacks",\n  "version": "0.1.0",\n  "bdw": "0.1.0",\n  "scenarios": ["%s"]\n}\n' "$name" >"$dir/pack.json"
  elif grep -q '^---- file: ' "$file"; then
    awk -v d="$dir/scenarios" '
      /^---- file: / { out = d "/" $3; next }
      out != "" { print > out }' "$file"
    local list
    list=$(grep '^---- file: ' "$file" | awk '{ sub(/\.lua$/, "", $3); printf "%s\"%s\"", n++ ? ", " : "", $3 }')
    printf '{\n  "id": "atk",\n  "title": "Attacks",\n  "version": "0.1.0",\n  "bdw": "0.1.0",\n  "scenarios": [%s]\n}\n' "$list" >"$dir/pack.json"
  else
    cp "$file" "$dir/scenarios/$name.lua"
    printf '{\n  "id": "atk",\n  "title": "Attacks",\n  "version": "0.1.0",\n  "bdw": "0.1.0",\n  "scenarios": ["%s"]\n}\n' "$name" >"$dir/pack.json"
  fi
}

# bounded_run LIMIT DIR -- command...: runs it in DIR, stdout/stderr/peak there.
bounded_run() {
  local limit=$1 dir=$2; shift 3
  (
    cd "$dir" || exit 70
    export HOME="$dir/home" XDG_DATA_HOME="$dir/xdg"
    mkdir -p "$HOME" "$XDG_DATA_HOME"
    [ "$SANITIZED" = 0 ] && ulimit -v "$VMEM_KB"
    if [ -n "$TIME_BIN" ]; then
      exec "$TIME_BIN" -o "$dir/time" -f '%e %M' timeout -k 5 "$limit" "$@" >"$dir/out" 2>"$dir/err"
    else
      start=$(date +%s.%N)
      timeout -k 5 "$limit" "$@" >"$dir/out" 2>"$dir/err"
      rc=$?
      echo "$(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo 0) 0" >"$dir/time"
      exit $rc
    fi
  )
}

# outcome_ok EXPECT RC DIR VIA NAME: does the run match one of the alternatives?
outcome_ok() {
  local expect=$1 rc=$2 dir=$3 via=$4 name=$5 alt class re rest where="$3/err"
  # lint prints its problems on stdout or stderr: read both.
  [ "$via" = lint ] && { cat "$dir/out" "$dir/err" >"$dir/all"; where="$dir/all"; }
  while IFS= read -r alt; do
    class=${alt%% *}
    rest=""
    [ "$class" != "$alt" ] && rest=${alt#* }
    [ -n "${CLASS_EXIT[$class]+x}" ] || { echo "unknown outcome class '$class'"; return 2; }
    if [ "$class" = stopped ] && [ "$via" = lint ] && [ "$rc" = 0 ] && grep -Eq -- "$LINT_CUT_RE" "$where"; then
      return 0
    fi
    [ "$rc" = "${CLASS_EXIT[$class]}" ] || continue
    re=${CLASS_RE[$class]}
    if [ "$class" = refused ]; then
      case $rest in
        @*) re=${NAMED_RE[${rest#@}]:-}; [ -n "$re" ] || { echo "unknown named regex '$rest'"; return 2; } ;;
        /*/) re=${rest#/}; re=${re%/} ;;
        *) echo "refused needs /REGEX/ or @name, got '$rest'"; return 2 ;;
      esac
      re=${re//\{file\}/$name.lua}
    elif [ -n "$rest" ]; then
      # stopped /REGEX/ etc.: the class's own regex and this one.
      local extra=${rest#/}; extra=${extra%/}
      grep -Eq -- "$extra" "$where" || continue
    fi
    if [ -n "$re" ] && ! grep -Eq -- "$re" "$where"; then continue; fi
    if [ "$class" = survives ] && [ "$via" = play ] && ! grep -Eq -- "$PLAY_COMPLETED_RE" "$dir/out"; then
      continue
    fi
    return 0
  done < <(printf '%s\n' "$expect" | awk '{ n = split($0, a, / or /); for (i = 1; i <= n; i++) print a[i] }')
  return 1
}

# what_happened RC DIR: a short name for what the run did, for the report.
what_happened() {
  local rc=$1 dir=$2 text=$2/err
  [ -e "$dir/all" ] && text=$dir/all
  if grep -Eq -- "$CRASH_RE" "$dir/err"; then
    grep -Eo -- 'AddressSanitizer: hard rss limit|AddressSanitizer: [a-z-]+|LeakSanitizer|runtime error|unprotected Lua error|SEGV|hard rss limit' "$dir/err" | head -1 | tr ' ' '_'
  elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo "timeout"
  elif [ "$rc" -ge 128 ]; then echo "signal-$((rc - 128))"
  elif [ "$rc" = 0 ] && grep -Eq -- "$LINT_CUT_RE" "$text"; then echo "exit-0, a run cut short"
  elif [ "$rc" = 0 ]; then echo "exit-0"
  elif grep -Eq -- "${CLASS_RE[memory]}" "$text"; then echo "memory"
  elif grep -q 'script stopped' "$text"; then echo "stopped"
  elif [ "$rc" = 65 ]; then echo "error"
  else echo "exit-$rc"
  fi
}

# run_one FILE VIA: runs the attack one way; writes $R/NAME.VIA.{line,detail}.
run_one() {
  local file=$1 via=$2 name expect wrap=0 dir rc=0 limit canaries_at_start
  canaries_at_start=$(compgen -G "$CANARY_GLOB" | sort || true)
  name=$(basename "$file" .lua)
  expect=$(header "$file" expect)
  dir="$T/run/$name.$via"
  mkdir -p "$dir"
  case " $(header "$file" via) " in *" script "*) wrap=1 ;; esac
  limit=$RUN_TIMEOUT
  case $via in
    script)
      bounded_run "$limit" "$dir" -- "$BDW" script "$file" || rc=$? ;;
    play)
      make_pack "$file" "$name" "$dir/pack" "$wrap"
      local answers
      answers=$(header "$file" answers)
      if [ -n "$answers" ]; then printf '%s\n' "$answers" | tr ',' '\n' | tr -d ' ' >"$dir/answers"
      else printf '1\n1\n1\n1\n1\n1\n1\n1\n' >"$dir/answers"; fi
      bounded_run "$limit" "$dir" -- "$BDW" --db "$dir/progress.db" --packs "$dir/pack" \
        play "atk/$name" --answers "$dir/answers" --json || rc=$? ;;
    lint)
      limit=$LINT_TIMEOUT
      make_pack "$file" "$name" "$dir/pack" "$wrap"
      bounded_run "$limit" "$dir" -- "$BDW" pack lint "$dir/pack" --explore-seconds "$LINT_EXPLORE_SECONDS" || rc=$? ;;
    *) echo "unknown via '$via'" >"$dir/err"; rc=2 ;;
  esac
  local secs peak problems="" got
  read -r secs peak < <(tail -n 1 "$dir/time" 2>/dev/null || echo "0 0")
  secs=${secs:-0}; peak=${peak:-0}
  local why status
  why=$(outcome_ok "$expect" "$rc" "$dir" "$via" "$name")
  status=$?
  got=$(what_happened "$rc" "$dir")
  case $status in 0) ;; 1) problems+=" wanted '$expect', got $got (exit $rc);" ;; *) problems+=" bad header: $why;" ;; esac
  grep -Eq -- "$CRASH_RE" "$dir/err" && problems+=" the host crashed;"
  [ "$rc" = 124 ] || [ "$rc" = 137 ] && problems+=" still running after ${limit}s;"
  [ "$rc" -ge 128 ] && [ "$rc" != 137 ] && problems+=" killed by signal $((rc - 128));"
  [ "${peak:-0}" -gt "$PEAK_KB_MAX" ] && problems+=" peak memory ${peak} KB over ${PEAK_KB_MAX} KB;"
  local lacks
  lacks=$(header "$file" output-lacks)
  if [ -n "$lacks" ]; then
    lacks=${lacks#/}; lacks=${lacks%/}
    cat "$dir/out" "$dir/err" | grep -Eq -- "$lacks" && problems+=" output matches /$lacks/;"
  fi
  local canaries
  canaries=$(comm -13 <(printf '%s\n' "$canaries_at_start") <(compgen -G "$CANARY_GLOB" | sort || true) | tr '\n' ' ')
  [ -n "${canaries// /}" ] && problems+=" files written outside the test folder: $canaries;"
  local verdict=PASS
  [ -n "$problems" ] && verdict=FAIL
  printf '%-4s %-44s %-6s %-28s %6.1fs %8s KB\n' "$verdict" "$name" "$via" "$got" "$secs" "$peak" >"$R/$name.$via.line"
  cat "$R/$name.$via.line"   # one short write: lines of parallel runs do not mix
  if [ -n "$problems" ]; then
    {
      echo "--- $name via $via:$problems"
      echo "    attack: $(header "$file" attack)"
      echo "    stderr: $(head -c 600 "$dir/err" | tr '\n' ' ' | cut -c1-600)"
    } >"$R/$name.$via.detail"
  fi
}

# --- run every attack, JOBS at a time ------------------------------------------
files=("$ATTACKS"/*.lua)
[ -e "${files[0]}" ] || { bad "no attacks in $ATTACKS"; finish; exit; }
order=()
for f in "${files[@]}"; do
  n=$(basename "$f" .lua)
  [ -n "${ATTACK_ONLY:-}" ] && ! [[ $n =~ $ATTACK_ONLY ]] && continue
  for v in $(header "$f" via); do
    # Lint runs are the longest: start them first.
    if [ "$v" = lint ]; then order=("$f|$v" "${order[@]}"); else order+=("$f|$v"); fi
  done
  [ -n "$(header "$f" attack)" ] || bad "$n: no '-- attack:' line"
  [ -n "$(header "$f" expect)" ] || bad "$n: no '-- expect:' line"
  [ -n "$(header "$f" via)" ] || bad "$n: no '-- via:' line"
done
echo "attack suite: $BDW ($([ "$SANITIZED" = 1 ] && echo sanitizers || echo plain build)), ${#order[@]} runs, $JOBS at a time"
printf '%-4s %-44s %-6s %-28s %7s %11s\n' "" attack via "what happened" time "peak RSS"
# Stopped from outside (a ctest timeout): stop our own runs too, then lib.sh's
# EXIT trap removes the temp folder.
trap 'kill $(jobs -p) 2>/dev/null; exit 143' TERM INT
suite_start=$(date +%s)
for job in "${order[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  run_one "${job%|*}" "${job#*|}" &
done
wait
suite_secs=$(($(date +%s) - suite_start))

# --- report ----------------------------------------------------------------------
echo
cat "$R"/*.detail 2>/dev/null
runs=$(cat "$R"/*.line | wc -l)
fails=$(grep -c '^FAIL' "$R"/*.line | awk -F: '{ s += $2 } END { print s + 0 }')
attacks=$(ls "$R"/*.line | sed 's/.*\///; s/\.[a-z]*\.line$//' | sort -u | wc -l)
echo
echo "by class (file name prefix): attacks, runs failed"
for c in $(ls "$R"/*.line | sed 's/.*\///; s/-.*//' | sort -u); do
  na=$(ls "$R"/"$c"-*.line | sed 's/.*\///; s/\.[a-z]*\.line$//' | sort -u | wc -l)
  nf=$(cat "$R"/"$c"-*.line | grep -c '^FAIL' || true)
  printf '  %-10s %3d attacks, %3d failed run(s)\n' "$c" "$na" "$nf"
done
echo "$attacks attacks, $runs runs, $fails failed, in ${suite_secs}s with $JOBS at a time"
for ((i = 0; i < runs - fails; i++)); do ok; done
for ((i = 0; i < fails; i++)); do FAILS=$((FAILS + 1)); done
[ -n "$(comm -13 <(printf '%s\n' "$canaries_before") <(compgen -G "$CANARY_GLOB" | sort || true))" ] &&
  bad "files written outside the test folder: $(compgen -G "$CANARY_GLOB" | tr '\n' ' ')"
finish
