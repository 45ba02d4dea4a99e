# Shared by test_store_full*.sh: run bdw on a database that runs out of room.
#
# Two ways, both real refusals by the kernel, never a hook in bdw:
# - tmpfs: a small tmpfs mounted for the run (needs root and a kernel that
#   lets us mount; the database fills it: ENOSPC, SQLITE_FULL);
# - fsize: the process's file-size limit (ulimit -f, SIGXFSZ ignored): a
#   write past it is cut short or refused with EFBIG, as on a full disk. It
#   needs no privilege, so it always runs.
# Sourced after lib.sh.

mkdir -p "$T/mnt"
trap 'umount "$T/mnt" 2>/dev/null; rm -rf "$T"' EXIT
FULL_MODES=fsize
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$T/mnt" 2>/dev/null; then
  umount "$T/mnt"
  FULL_MODES="tmpfs fsize"
else
  echo "note: cannot mount a tmpfs here (not root, or not allowed): file-size limit only"
fi

# full_run MODE KIB DB-NAME -- bdw arguments...
# Runs bdw with its database in a place that holds about KIB KiB; leaves
# stdout in $T/full.out, stderr in $T/full.err, the exit code in $FULL_RC,
# the database path bdw was given in $FULL_DB, and a copy of the database
# files, read after bdw exited, as $T/copy/p.db.
full_run() {
  local mode=$1 kib=$2 name=$3; shift 4
  rm -rf "$T/copy" "$T/lim"
  mkdir -p "$T/copy" "$T/lim"
  if [ "$mode" = tmpfs ]; then
    mount -t tmpfs -o size="${kib}k" tmpfs "$T/mnt" || { bad "mount a ${kib}k tmpfs"; return; }
    FULL_DB="$T/mnt/$name"
    "$BDW" --db "$FULL_DB" "$@" >"$T/full.out" 2>"$T/full.err"
    FULL_RC=$?
  else
    FULL_DB="$T/lim/$name"
    # The database is made first, without the limit; stdout goes through a
    # pipe, which the limit does not count.
    "$BDW" --db "$FULL_DB" progress >/dev/null
    (trap '' XFSZ; ulimit -f "$kib"; exec "$BDW" --db "$FULL_DB" "$@" 2>"$T/full.err") | cat >"$T/full.out"
    FULL_RC=${PIPESTATUS[0]}
  fi
  for f in "$FULL_DB" "$FULL_DB-wal"; do
    [ -f "$f" ] && cp "$f" "$T/copy/p.db${f#"$FULL_DB"}"
  done
  [ "$mode" = tmpfs ] && umount "$T/mnt"
}

# full_check_message WHAT: exit 74, and the message names the database and
# says what to do, with no SQL in it.
full_check_message() {
  local what=$1
  if [ "$FULL_RC" = 74 ]; then ok; else bad "$what: exit $FULL_RC, wanted 74"; head -c 2000 "$T/full.err"; fi
  if grep -qF "bdw: $FULL_DB: the disk is full; free some space and answer again (your earlier answers are safe)" "$T/full.err" ||
     grep -qF "bdw: $FULL_DB: the database has reached the file-size limit (ulimit -f); raise it and answer again (your earlier answers are safe)" "$T/full.err"; then
    ok
  else
    bad "$what: the message does not name the database and say what to do"; head -c 2000 "$T/full.err"
  fi
  if grep -qE 'INSERT|COMMIT|BEGIN|\[' "$T/full.err"; then bad "$what: SQL in the message"; cat "$T/full.err"; else ok; fi
}

# full_check_told WHAT TOLD-VERDICTS ATTEMPT-KIND TOTAL: every answer whose
# feedback was shown (TOLD-VERDICTS: one verdict a line, in order) is in the
# copied database, in order; at most one more (the answer being stored when
# the room ran out, whose review entry could not be written). Some were
# told, and the run stopped before its TOTAL steps: a run that never filled
# the database or failed at once checks nothing.
full_check_told() {
  local what=$1 told=$2 kind=$3 total=$4
  sqlite3 "$T/copy/p.db" "SELECT n.verdict FROM answers n JOIN attempts a ON a.id = n.attempt_id
                          WHERE a.kind = '$kind' ORDER BY n.attempt_id DESC, n.step" >"$T/stored" 2>"$T/sqlerr" ||
    { bad "$what: cannot read the copy of the database"; cat "$T/sqlerr"; return; }
  local nt ns
  nt=$(wc -l <"$told")
  ns=$(wc -l <"$T/stored")
  if [ "$nt" -ge 1 ] && [ "$nt" -lt "$total" ]; then ok; else bad "$what: $nt of $total answers were told: the store did not fail mid-run"; fi
  if [ "$(head -n "$nt" "$T/stored")" = "$(cat "$told")" ]; then ok; else
    bad "$what: told answers missing from the database (told $nt, stored $ns)"
    paste "$told" "$T/stored" | head -n 80
  fi
  if [ "$ns" -le $((nt + 1)) ]; then ok; else bad "$what: $ns stored, only $nt told"; fi
}
