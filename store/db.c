#include "store/db.h"

#include <ctype.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "sim/utf8.h"
#include "store/error.h"

/* Less free room than this, when a write failed, means the disk is full: a
 * transaction needs a few pages, and a file system keeps some for itself. */
#define DB_ROOM_MARGIN ((uint64_t)256 * 1024)

struct db {
    sqlite3 *h;
    char *path;        /* the database file, for messages */
    const char *retry; /* what a person should do again after a failed write */
};

struct db_stmt {
    db *d;
    sqlite3_stmt *s;
    char **fixed; /* repaired copies of text columns that were not UTF-8 */
    int nfixed;
};

/* True when a failed write is explained by a lack of room: the folder's
 * file system has (almost) no space left, or the database or its -wal is at
 * the process's file-size limit. SQLite's system errno is not reliable for
 * this (it is read after later calls may have changed errno), so the room
 * itself is measured. */
static bool db_out_of_room(const char *path, const char **why)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        slash[slash == dir] = '\0'; /* "/p.db" is in "/" */
    struct statvfs vfs;
    if (statvfs(dir, &vfs) == 0 && (uint64_t)vfs.f_bavail * vfs.f_frsize < DB_ROOM_MARGIN)
        return true;
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return false;
    char wal[4200];
    snprintf(wal, sizeof wal, "%s-wal", path);
    const char *files[] = {path, wal};
    for (int i = 0; i < 2; i++) {
        struct stat st;
        if (stat(files[i], &st) == 0 && (uint64_t)st.st_size + DB_ROOM_MARGIN >= rl.rlim_cur) {
            *why = STORE_WHY_FILE_SIZE_LIMIT;
            return true;
        }
    }
    return false;
}

/* What went wrong, in the store's terms, from SQLite's result code and the
 * system error behind it: a refused or short write is SQLITE_FULL, but a full
 * disk met elsewhere (a sync, a new -wal, a file-size limit) is an I/O error
 * whose errno says ENOSPC, EDQUOT or EFBIG. */
static store_status db_classify(int rc, int sys, const char *path, const char **why)
{
    *why = NULL;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return STORE_ERR_BUSY;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return STORE_ERR_READONLY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        *why = sqlite3_errstr(rc);
        return STORE_ERR_CORRUPT;
    case SQLITE_FULL:
        return STORE_ERR_FULL;
    case SQLITE_NOMEM:
        *why = "out of memory";
        return STORE_ERR_INTERNAL;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
        if (sys == ENOSPC || sys == EDQUOT) return STORE_ERR_FULL;
        if (sys == EFBIG) {
            *why = STORE_WHY_FILE_SIZE_LIMIT;
            return STORE_ERR_FULL;
        }
        if (path && db_out_of_room(path, why)) return STORE_ERR_FULL;
        if (sys == EROFS || sys == EACCES || sys == EPERM) {
            *why = strerror(sys);
            return STORE_ERR_READONLY;
        }
        *why = sys ? strerror(sys) : NULL;
        return (rc & 0xff) == SQLITE_CANTOPEN ? STORE_ERR_CANTOPEN : STORE_ERR_IO;
    default:
        *why = sqlite3_errstr(rc);
        return STORE_ERR_INTERNAL;
    }
}

/* Fills err from a failed call: the message for the person, and SQLite's
 * text with the statement for the debug log. */
static bool db_fail(db *d, int rc, const char *sql, store_error *err)
{
    if (!err) return false;
    int sys = d && d->h ? sqlite3_system_errno(d->h) : 0;
    const char *why;
    store_status code = db_classify(rc, sys, d ? d->path : NULL, &why);
    store_error_explain(err, code, d ? d->path : NULL, why, d ? d->retry : NULL);
    store_error_detail(err, "sqlite %d (%s): %s%s%s%s", rc, sqlite3_errstr(rc),
                       d && d->h ? sqlite3_errmsg(d->h) : "", sql ? " [" : "", sql ? sql : "",
                       sql ? "]" : "");
    return false;
}

/* A URI for path, for the query parameters that only URIs can pass. */
static char *db_uri(const char *path, const char *query)
{
    size_t n = strlen(path);
    char *uri = malloc(3 * n + strlen(query) + 8);
    if (!uri) return NULL;
    size_t o = (size_t)sprintf(uri, "file:");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if (isalnum(c) || strchr("/._-~", c))
            uri[o++] = (char)c;
        else
            o += (size_t)sprintf(uri + o, "%%%02X", c);
    }
    sprintf(uri + o, "?%s", query);
    return uri;
}

db *db_open(const char *path, db_mode mode, store_error *err)
{
    db *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(path))) {
        free(d);
        store_error_explain(err, STORE_ERR_INTERNAL, path, "out of memory", NULL);
        return NULL;
    }
    int flags =
        mode == DB_READ_WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    char *uri = NULL;
    if (mode == DB_IMMUTABLE) {
        /* The file holds every answer (no -wal with data beside it) and is
         * only read: without locks or a -shm, so nothing is made beside it.
         * A writer starting meanwhile could make us read an old or torn
         * snapshot; the file itself is never changed. */
        uri = db_uri(path, "immutable=1");
        if (!uri) {
            store_error_explain(err, STORE_ERR_INTERNAL, path, "out of memory", NULL);
            db_close(d);
            return NULL;
        }
        flags |= SQLITE_OPEN_URI;
    }
    int rc = sqlite3_open_v2(uri ? uri : path, &d->h, flags, NULL);
    free(uri);
    if (rc != SQLITE_OK) {
        db_fail(d, rc, NULL, err);
        db_close(d);
        return NULL;
    }
    sqlite3_extended_result_codes(d->h, 1);
    sqlite3_busy_timeout(d->h, 5000);
    return d;
}

void db_close(db *d)
{
    if (!d) return;
    sqlite3_close_v2(d->h);
    free(d->path);
    free(d);
}

void db_set_retry(db *d, const char *retry)
{
    d->retry = retry;
}
const char *db_errmsg(db *d)
{
    return sqlite3_errmsg(d->h);
}

static bool db_err(db *d, int rc, const char *sql, store_error *err)
{
    return db_fail(d, rc, sql, err);
}

bool db_exec(db *d, const char *sql, store_error *err)
{
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? true : db_err(d, rc, sql, err);
}

bool db_int(db *d, const char *sql, int64_t *out, store_error *err)
{
    db_stmt *q = db_prepare(d, sql, err);
    if (!q) return false;
    int r = db_step(q, err);
    if (r == 1) *out = db_col_int(q, 0);
    if (r == 0) *out = 0;
    db_finalize(q);
    return r >= 0;
}

db_stmt *db_prepare(db *d, const char *sql, store_error *err)
{
    db_stmt *q = calloc(1, sizeof *q);
    if (!q) {
        store_error_explain(err, STORE_ERR_INTERNAL, d->path, "out of memory", NULL);
        return NULL;
    }
    q->d = d;
    int rc = sqlite3_prepare_v2(d->h, sql, -1, &q->s, NULL);
    if (rc != SQLITE_OK) {
        db_err(d, rc, sql, err);
        free(q);
        return NULL;
    }
    return q;
}

static int db_param(db_stmt *q, const char *name, store_error *err)
{
    int i = sqlite3_bind_parameter_index(q->s, name);
    if (i == 0 && err) {
        store_error_explain(err, STORE_ERR_INTERNAL, q->d->path, "a statement without a parameter",
                            NULL);
        store_error_detail(err, "no parameter %s in [%s]", name, sqlite3_sql(q->s));
    }
    return i;
}

bool db_bind_text(db_stmt *q, const char *name, const char *v, store_error *err)
{
    int i = db_param(q, name, err);
    if (!i) return false;
    int rc = v ? sqlite3_bind_text(q->s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(q->s, i);
    return rc == SQLITE_OK ? true : db_err(q->d, rc, sqlite3_sql(q->s), err);
}

bool db_bind_int(db_stmt *q, const char *name, int64_t v, store_error *err)
{
    int i = db_param(q, name, err);
    if (!i) return false;
    int rc = sqlite3_bind_int64(q->s, i, v);
    return rc == SQLITE_OK ? true : db_err(q->d, rc, sqlite3_sql(q->s), err);
}

bool db_bind_double(db_stmt *q, const char *name, double v, store_error *err)
{
    int i = db_param(q, name, err);
    if (!i) return false;
    int rc = sqlite3_bind_double(q->s, i, v);
    return rc == SQLITE_OK ? true : db_err(q->d, rc, sqlite3_sql(q->s), err);
}

bool db_bind_null(db_stmt *q, const char *name, store_error *err)
{
    int i = db_param(q, name, err);
    if (!i) return false;
    int rc = sqlite3_bind_null(q->s, i);
    return rc == SQLITE_OK ? true : db_err(q->d, rc, sqlite3_sql(q->s), err);
}

int db_step(db_stmt *q, store_error *err)
{
    int rc = sqlite3_step(q->s);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    db_err(q->d, rc, sqlite3_sql(q->s), err);
    return -1;
}

bool db_reset(db_stmt *q)
{
    return sqlite3_reset(q->s) == SQLITE_OK;
}
int64_t db_col_int(db_stmt *q, int col)
{
    return sqlite3_column_int64(q->s, col);
}
double db_col_double(db_stmt *q, int col)
{
    return sqlite3_column_double(q->s, col);
}
bool db_col_is_null(db_stmt *q, int col)
{
    return sqlite3_column_type(q->s, col) == SQLITE_NULL;
}

/* A copy of t[0..n) with every byte that is not part of valid UTF-8
 * replaced by U+FFFD, so what a store written by an older bdw holds can
 * still be exported as JSON (which refuses such text) instead of dropped. */
static char *db_repair_utf8(const unsigned char *t, size_t n)
{
    char *out = malloc(3 * n + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t len = sim_utf8_seq(t + i, n - i);
        if (len) {
            memcpy(out + o, t + i, len);
            o += len;
            i += len;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = '\0';
    return out;
}

const char *db_col_text(db_stmt *q, int col)
{
    const unsigned char *t = sqlite3_column_text(q->s, col);
    if (!t) return "";
    size_t n = (size_t)sqlite3_column_bytes(q->s, col);
    if (col < 0 || sim_utf8_valid((const char *)t, n, NULL)) return (const char *)t;
    if (col >= q->nfixed) {
        char **grown = realloc(q->fixed, (size_t)(col + 1) * sizeof *grown);
        if (!grown) return (const char *)t;
        for (int i = q->nfixed; i <= col; i++)
            grown[i] = NULL;
        q->fixed = grown;
        q->nfixed = col + 1;
    }
    char *copy = db_repair_utf8(t, n);
    if (!copy) return (const char *)t;
    free(q->fixed[col]);
    q->fixed[col] = copy;
    return copy;
}

void db_finalize(db_stmt *q)
{
    if (!q) return;
    sqlite3_finalize(q->s);
    for (int i = 0; i < q->nfixed; i++)
        free(q->fixed[i]);
    free(q->fixed);
    free(q);
}

int64_t db_last_rowid(db *d)
{
    return sqlite3_last_insert_rowid(d->h);
}

bool db_begin(db *d, store_error *err)
{
    return db_exec(d, "BEGIN IMMEDIATE", err);
}
bool db_commit(db *d, store_error *err)
{
    return db_exec(d, "COMMIT", err);
}

void db_rollback(db *d)
{
    if (!sqlite3_get_autocommit(d->h)) sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
}
