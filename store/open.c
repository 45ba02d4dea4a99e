/* Finding, checking, opening and migrating the progress database. A command
 * that writes opens it read-write (creating it and its folder, migrating it);
 * a command that only reads opens it read-only when it cannot be written, so
 * that a read-only file or folder still shows what was done. */
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/db.h"
#include "store/error.h"
#include "store/store_int.h"

/* Each entry moves the schema from version i to i+1. Append, never edit. */
static const char *const store_migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE learners("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);"
    "CREATE TABLE sessions("
    "  id INTEGER PRIMARY KEY, learner_id INTEGER NOT NULL REFERENCES learners(id),"
    "  client TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER);"
    "CREATE TABLE attempts("
    "  id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('scenario', 'quiz')),"
    "  pack_id TEXT NOT NULL, pack_version TEXT, item_id TEXT NOT NULL, title TEXT,"
    "  seed INTEGER NOT NULL, mode TEXT,"
    "  status TEXT NOT NULL DEFAULT 'open'"
    "    CHECK (status IN ('open', 'completed', 'quit', 'failed')),"
    "  score REAL NOT NULL DEFAULT 0, max_score REAL NOT NULL DEFAULT 0,"
    "  started_at INTEGER NOT NULL, finished_at INTEGER);"
    "CREATE INDEX attempts_item ON attempts(pack_id, item_id);"
    "CREATE TABLE answers("
    "  id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
    "  step INTEGER NOT NULL, item_id TEXT NOT NULL, kind TEXT NOT NULL, prompt TEXT,"
    "  answer TEXT NOT NULL, verdict TEXT NOT NULL"
    "    CHECK (verdict IN ('correct', 'partial', 'wrong', 'unscored')),"
    "  points REAL NOT NULL, max_points REAL NOT NULL, antipatterns TEXT NOT NULL DEFAULT '',"
    "  answered_at INTEGER NOT NULL, UNIQUE (attempt_id, step));"
    "CREATE INDEX answers_item ON answers(item_id);",
    /* 1 -> 2: what each answer was an answer to (to notice changed content),
     * and the review queue that missed items feed. */
    "ALTER TABLE attempts ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE answers ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE answers ADD COLUMN topic TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE reviews("
    "  id INTEGER PRIMARY KEY, learner_id INTEGER NOT NULL REFERENCES learners(id),"
    "  pack_id TEXT NOT NULL, item_id TEXT NOT NULL, kind TEXT NOT NULL,"
    "  topic TEXT NOT NULL DEFAULT '', due_at INTEGER NOT NULL,"
    "  interval_days REAL NOT NULL DEFAULT 0, reps INTEGER NOT NULL DEFAULT 0,"
    "  lapses INTEGER NOT NULL DEFAULT 0, last_verdict TEXT NOT NULL, updated_at INTEGER NOT NULL,"
    "  UNIQUE (learner_id, pack_id, item_id));"
    "CREATE INDEX reviews_due ON reviews(learner_id, due_at);",
};
#define STORE_NMIGRATIONS (int)(sizeof store_migrations / sizeof store_migrations[0])

_Static_assert(STORE_NMIGRATIONS == STORE_SCHEMA_VERSION, "one migration per schema version");

char *store_default_path(void)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    char buf[4096];
    if (xdg && xdg[0] == '/')
        snprintf(buf, sizeof buf, "%s/bdw/progress.db", xdg);
    else if (home && home[0] == '/')
        snprintf(buf, sizeof buf, "%s/.local/share/bdw/progress.db", home);
    else
        return NULL;
    return strdup(buf);
}

/* The folder that holds path ("." for a bare name). */
static void store_folder(const char *path, char *dir, size_t cap)
{
    snprintf(dir, cap, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, cap, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
}

/* mkdir -p for the folder that will hold path. */
static bool store_make_parent(const char *path, store_error *err)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) return true;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) goto fail;
        *p = '/';
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) goto fail;
    return true;
fail:;
    int e = errno;
    store_error_explain(
        err, e == EACCES || e == EROFS || e == EPERM ? STORE_ERR_READONLY : STORE_ERR_CANTOPEN,
        path, strerror(e), NULL);
    snprintf(err->message, sizeof err->message,
             "%s: cannot create its folder %s (%s); check the permissions or use --db", path, dir,
             strerror(e));
    return false;
}

static const char *store_file_kind(mode_t m)
{
    return S_ISDIR(m)    ? "a folder"
           : S_ISFIFO(m) ? "a FIFO"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
                         : "not a regular file";
}

/* What is at path before SQLite opens it: nothing yet (*exists false), a
 * regular file, or something SQLite must not be given (a FIFO would block
 * the open, a device is not a database). */
static bool store_check_path(const char *path, bool *exists, store_error *err)
{
    struct stat st;
    *exists = false;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (e == ENOENT) return true;
        store_error_explain(err, e == EACCES ? STORE_ERR_READONLY : STORE_ERR_CANTOPEN, path,
                            strerror(e), NULL);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        store_error_explain(err, STORE_ERR_NOTFILE, path, store_file_kind(st.st_mode), NULL);
        return false;
    }
    *exists = true;
    return true;
}

/* True when both the file (if it exists) and its folder can be written: a
 * WAL database needs its folder for the -wal and -shm files. */
static bool store_writable(const char *path, bool exists, store_error *err)
{
    char dir[4096];
    store_folder(path, dir, sizeof dir);
    if (exists && access(path, W_OK) != 0) {
        store_error_explain(err, STORE_ERR_READONLY, path, NULL, NULL);
        return false;
    }
    if (access(dir, W_OK) != 0) {
        char why[4200];
        snprintf(why, sizeof why, "its folder %s cannot be written", dir);
        store_error_explain(err, STORE_ERR_READONLY, path, why, NULL);
        if (!exists)
            snprintf(err->message, sizeof err->message,
                     "%s: cannot create the database (its folder %s cannot be written); check "
                     "the permissions or use --db",
                     path, dir);
        return false;
    }
    return true;
}

static bool store_check_integrity(store *s, const char *path, store_error *err)
{
    db_stmt *q = db_prepare(s->d, "PRAGMA quick_check", err);
    if (!q) return false;
    int r = db_step(q, err);
    if (r == 1 && strcmp(db_col_text(q, 0), "ok") != 0) {
        store_error_explain(err, STORE_ERR_CORRUPT, path, "the database is damaged", NULL);
        store_error_detail(err, "quick_check: %s", db_col_text(q, 0));
        r = -1;
    }
    db_finalize(q);
    return r >= 0;
}

static void store_newer(store_error *err, const char *path, int64_t version)
{
    char why[128];
    snprintf(why, sizeof why, "schema %lld; this bdw knows up to %d", (long long)version,
             STORE_SCHEMA_VERSION);
    store_error_explain(err, STORE_ERR_NEWER, path, why, NULL);
}

static bool store_migrate(store *s, const char *path, store_error *err)
{
    /* Each step reads the version inside its own IMMEDIATE transaction, so two
     * processes opening a new database at once cannot both migrate it. */
    int64_t version = -1;
    for (;;) {
        if (!db_begin(s->d, err)) return false;
        if (!db_int(s->d, "PRAGMA user_version", &version, err)) goto fail;
        if (version > STORE_SCHEMA_VERSION) {
            store_newer(err, path, version);
            goto fail;
        }
        if (version == STORE_SCHEMA_VERSION) return db_commit(s->d, err);
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", (int)version + 1);
        /* The migration and its version bump commit together or not at all. */
        if (!db_exec(s->d, store_migrations[version], err) || !db_exec(s->d, bump, err) ||
            !db_commit(s->d, err))
            goto migration_failed;
    }
migration_failed:
    if (err->code == STORE_ERR_INTERNAL) {
        /* Not the disk or a lock: the file holds something the migration did
         * not expect. SQLite's reason (no SQL) helps whoever looks at it. */
        char why[700];
        snprintf(why, sizeof why,
                 "cannot upgrade it from schema %lld to %lld: %s; it is left "
                 "as it was",
                 (long long)version, (long long)version + 1, db_errmsg(s->d));
        store_error_explain(err, STORE_ERR_CORRUPT, path, why, NULL);
    }
fail:
    db_rollback(s->d);
    return false;
}

static bool store_no_path(const char *path, store_error *err)
{
    if (path && *path) return false;
    store_error_explain(err, STORE_ERR_CANTOPEN, NULL, NULL, NULL);
    snprintf(err->message, sizeof err->message,
             "no place for the progress database: set HOME or XDG_DATA_HOME, or pass --db");
    return true;
}

store *store_open(const char *path, store_error *err)
{
    store_error local;
    if (!err) err = &local;
    memset(err, 0, sizeof *err);
    if (store_no_path(path, err)) return NULL;
    bool exists;
    if (!store_check_path(path, &exists, err) || !store_make_parent(path, err)) return NULL;
    /* Refused before SQLite opens it: SQLite would open a file it cannot
     * write read-only, leave -wal and -shm files behind, and fail later. */
    if (!store_writable(path, exists, err)) return NULL;
    store *s = calloc(1, sizeof *s);
    if (!s) {
        store_error_explain(err, STORE_ERR_INTERNAL, path, "out of memory", NULL);
        return NULL;
    }
    s->d = db_open(path, DB_READ_WRITE, err);
    /* journal_mode answers with a row, so it goes through db_int. */
    int64_t ignored;
    if (!s->d || !db_exec(s->d, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", err) ||
        !db_int(s->d, "PRAGMA journal_mode = WAL", &ignored, err) ||
        !store_check_integrity(s, path, err) || !store_migrate(s, path, err)) {
        store_close(s);
        return NULL;
    }
    return s;
}

store *store_open_readonly(const char *path, store_error *err)
{
    store_error local;
    if (!err) err = &local;
    memset(err, 0, sizeof *err);
    if (store_no_path(path, err)) return NULL;
    bool exists;
    if (!store_check_path(path, &exists, err)) return NULL;
    if (!exists) {
        store_error_explain(err, STORE_ERR_NOTFOUND, path, NULL, NULL);
        return NULL;
    }
    /* With no -wal (or an empty one) the file holds every answer, and it is
     * read without locks or a -shm, so nothing is created beside it. With
     * one, the answers in it are read through a -shm, which SQLite must be
     * able to find or make. */
    char wal[4200];
    snprintf(wal, sizeof wal, "%s-wal", path);
    struct stat st;
    bool wal_data = stat(wal, &st) == 0 && st.st_size > 0;
    store *s = calloc(1, sizeof *s);
    if (!s) {
        store_error_explain(err, STORE_ERR_INTERNAL, path, "out of memory", NULL);
        return NULL;
    }
    s->read_only = true;
    s->d = db_open(path, wal_data ? DB_READ_ONLY : DB_IMMUTABLE, err);
    int64_t version = 0, tables = 0;
    bool ok = s->d && db_int(s->d, "PRAGMA user_version", &version, err) &&
              db_int(s->d, "SELECT COUNT(*) FROM sqlite_master", &tables, err);
    if (!ok && wal_data && (err->code == STORE_ERR_READONLY || err->code == STORE_ERR_CANTOPEN)) {
        char why[4400];
        snprintf(why, sizeof why,
                 "its latest answers are in %s, which cannot be read without writing beside it; "
                 "run bdw once where the folder can be written",
                 wal);
        store_error_explain(err, STORE_ERR_READONLY, path, why, NULL);
    }
    if (ok) ok = store_check_integrity(s, path, err);
    if (ok && version == 0 && tables == 0) {
        /* An empty file: nothing was ever stored in it. */
        store_error_explain(err, STORE_ERR_NOTFOUND, path, NULL, NULL);
        ok = false;
    } else if (ok && version > STORE_SCHEMA_VERSION) {
        store_newer(err, path, version);
        ok = false;
    } else if (ok && version < STORE_SCHEMA_VERSION) {
        /* Reading an older schema would need a reader per version; the
         * upgrade is one write away, so say so instead. */
        char why[128];
        snprintf(why, sizeof why, "schema %lld; this bdw reads schema %d", (long long)version,
                 STORE_SCHEMA_VERSION);
        store_error_explain(err, STORE_ERR_OLDER, path, why, NULL);
        ok = false;
    }
    if (!ok) {
        store_close(s);
        return NULL;
    }
    return s;
}

store *store_open_read(const char *path, store_error *err)
{
    store_error local;
    if (!err) err = &local;
    memset(err, 0, sizeof *err);
    if (store_no_path(path, err)) return NULL;
    bool exists;
    if (!store_check_path(path, &exists, err)) return NULL;
    store_error why;
    memset(&why, 0, sizeof why);
    if (!exists) {
        /* Nothing done yet. The database is made now when it can be, as a
         * write would make it; when its folder cannot be written there is
         * simply nothing to read. */
        store *s = store_open(path, err);
        if (!s && err->code == STORE_ERR_READONLY)
            store_error_explain(err, STORE_ERR_NOTFOUND, path, NULL, NULL);
        return s;
    }
    if (store_writable(path, true, &why)) {
        store *s = store_open(path, err);
        /* access() can say yes where writes are refused (a read-only mount
         * it does not see): then it is read as read-only. */
        if (s || err->code != STORE_ERR_READONLY) return s;
    }
    return store_open_readonly(path, err);
}

void store_close(store *s)
{
    if (!s) return;
    db_close(s->d);
    free(s);
}

bool store_is_read_only(const store *s)
{
    return s->read_only;
}

int store_schema_version(store *s)
{
    int64_t v = 0;
    db_int(s->d, "PRAGMA user_version", &v, NULL);
    return (int)v;
}
