#!/usr/bin/env bash
# Reading a progress database that cannot be written: bdw progress, progress
# --json and export --json show it (opened read-only: no migration, no -wal
# or -shm made, the file unchanged); a command that writes says the database
# is read-only (exit 73); an older schema asks for one write to upgrade it;
# no database in a read-only folder is "nothing yet".
#
# How the database is made really read-only for bdw:
# - not root: permission bits (file 0444, folder 0555);
# - root, whom permission bits do not stop: bdw runs as nobody (setpriv),
#   so the bits apply again; where nobody cannot run this build, the file or
#   folder is made immutable (chattr +i), which stops root too; failing that,
#   a read-only bind mount. bdw is never told (no ?mode=ro, no flag): it must
#   find out by itself.
. "$(dirname "$0")/lib.sh"

RO_MODE=perm
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$T"
  touch "$T/probe"
  mkdir "$T/bprobe"
  if setpriv --reuid=65534 --regid=65534 --clear-groups "$BDW" --version >/dev/null 2>&1; then
    RO_MODE=nobody
  elif chattr +i "$T/probe" 2>/dev/null; then
    chattr -i "$T/probe"
    RO_MODE=immutable
  elif mount --bind "$T/bprobe" "$T/bprobe" 2>/dev/null &&
       mount -o remount,bind,ro "$T/bprobe" "$T/bprobe" 2>/dev/null; then
    umount "$T/bprobe"
    RO_MODE=bind
  else
    RO_MODE=none
  fi
fi
echo "read-only by: $RO_MODE"
[ "$RO_MODE" != none ] && ok || bad "running as root, and neither setpriv, chattr +i nor a bind mount can make a file read-only for bdw"
cleanup() {
  for d in "$T"/*; do
    [ "$RO_MODE" = immutable ] && chattr -R -i "$d" 2>/dev/null
    [ "$RO_MODE" = bind ] && umount "$d" 2>/dev/null
  done
  chmod -R u+w "$T" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

# reader CMD...: runs CMD as the one who cannot write.
reader() { if [ "$RO_MODE" = nobody ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
# The database file cannot be written; its folder can (by the reader).
file_read_only() {
  case $RO_MODE in
    perm | nobody) chmod 777 "$(dirname "$1")"; chmod 444 "$1" ;;
    immutable) chattr +i "$1" ;;
    bind) dir_read_only "$(dirname "$1")" ;;
  esac
}
dir_read_only() {
  case $RO_MODE in
    perm | nobody) chmod 555 "$1" ;;
    immutable) chattr +i "$1" ;;
    bind) mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" ;;
  esac
}
# expect_reader_exit CODE DESCRIPTION -- command...: expect_exit as the reader.
expect_reader_exit() { local want=$1 what=$2; shift 3; expect_exit "$want" "$what" -- reader "$@"; }
unchanged() { # FOLDER SUMS DESCRIPTION: no file added, none changed
  (cd "$1" && sha256sum -- * | sort) >"$T/now.sums"
  if cmp -s "$2" "$T/now.sums"; then ok; else bad "$3: the folder changed"; diff "$2" "$T/now.sums"; fi
}

printf '1\n2\n1\n' >"$T/three.txt"
make_db() { # FOLDER: a database there with one quiz of three answers, closed
  mkdir -p "$1"
  "$BDW" --db "$1/p.db" quiz --count 3 --seed 4 --answers "$T/three.txt" >/dev/null ||
    bad "make a database in $1"
  chmod 644 "$1/p.db"
  [ ! -e "$1/p.db-wal" ] && ok || bad "a -wal was left after a clean close"
}

# A read-only file in a folder the reader can write.
make_db "$T/a"
file_read_only "$T/a/p.db"
(cd "$T/a" && sha256sum -- * | sort) >"$T/a.sums"
expect_reader_exit 0 "progress on a read-only file" -- "$BDW" --db "$T/a/p.db" progress
expect_grep "$T/out" "quiz:core .*completed .* 3$" "lists the quiz and its three answers"
expect_reader_exit 0 "progress --json on a read-only file" -- "$BDW" --db "$T/a/p.db" progress --json
json_check "$T/out" "d['read_only'] and d['schema'] == 2 and len(d['attempts']) == 1 and d['attempts'][0]['answer_count'] == 3 and [x['step'] for x in d['attempts'][0]['answers']] == [1, 2, 3]" "the attempt and its answers"
expect_reader_exit 0 "export --json on a read-only file" -- "$BDW" --db "$T/a/p.db" export --json
json_check "$T/out" "d['format'] == 'bdw-export' and d['read_only'] and len(d['attempts'][0]['answers']) == 3" "the export has them"
unchanged "$T/a" "$T/a.sums" "reading a read-only file"
expect_reader_exit 73 "a quiz on a read-only file" -- "$BDW" --db "$T/a/p.db" quiz --count 1 --answers "$T/three.txt"
expect_grep "$T/err" "^bdw: $T/a/p.db: the database is read-only" "says the database is read-only"
expect_grep "$T/err" "check its permissions or use --db" "and what to do"
unchanged "$T/a" "$T/a.sums" "a refused write"

# A read-only folder (the file's own bits would allow writing).
make_db "$T/b"
[ "$RO_MODE" = nobody ] && chmod 666 "$T/b/p.db" # the reader could write the file itself
dir_read_only "$T/b"
(cd "$T/b" && sha256sum -- * | sort) >"$T/b.sums"
expect_reader_exit 0 "progress --json in a read-only folder" -- "$BDW" --db "$T/b/p.db" progress --json
json_check "$T/out" "d['read_only'] and d['attempts'][0]['answer_count'] == 3" "read, read-only"
expect_reader_exit 0 "export --json in a read-only folder" -- "$BDW" --db "$T/b/p.db" export --json
json_check "$T/out" "len(d['attempts'][0]['answers']) == 3" "the export has the answers"
expect_reader_exit 0 "progress in a read-only folder" -- "$BDW" --db "$T/b/p.db" progress
unchanged "$T/b" "$T/b.sums" "reading in a read-only folder"
expect_reader_exit 73 "a quiz in a read-only folder" -- "$BDW" --db "$T/b/p.db" quiz --count 1 --answers "$T/three.txt"
if [ "$RO_MODE" = bind ]; then # the mount makes the file read-only too
  expect_grep "$T/err" "^bdw: $T/b/p.db: the database is read-only; check its permissions or use --db" "says so"
else
  expect_grep "$T/err" "^bdw: $T/b/p.db: the database is read-only (its folder $T/b cannot be written); check its permissions or use --db" "names the folder"
fi

# An older schema that cannot be upgraded here: no guessing at old tables.
mkdir -p "$T/c"
sqlite3 "$T/c/p.db" "CREATE TABLE learners(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL); PRAGMA user_version = 1;"
chmod 644 "$T/c/p.db"
dir_read_only "$T/c"
(cd "$T/c" && sha256sum -- * | sort) >"$T/c.sums"
expect_reader_exit 73 "progress on an older read-only schema" -- "$BDW" --db "$T/c/p.db" progress --json
json_check "$T/out" "d['exit'] == 73 and 'older bdw' in d['error']['message']" "the JSON error says why"
expect_grep "$T/err" "^bdw: $T/c/p.db: written by an older bdw (schema 1; this bdw reads schema 2)" "names the schemas"
expect_grep "$T/err" "run a command that writes once (bdw quiz or bdw play)" "says how to upgrade"
unchanged "$T/c" "$T/c.sums" "an older schema"

# No database, in a folder that cannot be written: nothing done yet.
mkdir -p "$T/d"
dir_read_only "$T/d"
expect_reader_exit 0 "progress with no database in a read-only folder" -- "$BDW" --db "$T/d/p.db" progress
expect_grep "$T/out" "Nothing yet" "nothing done yet"
expect_reader_exit 0 "progress --json with no database" -- "$BDW" --db "$T/d/p.db" progress --json
json_check "$T/out" "d['attempts'] == [] and d['schema'] == 0 and d['reviews_due'] == 0" "an empty document"
[ ! -e "$T/d/p.db" ] && ok || bad "a database appeared in the read-only folder"
finish
