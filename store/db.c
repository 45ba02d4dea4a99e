#include "store/db.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "sim/utf8.h"

struct db {
    sqlite3 *h;
};

struct db_stmt {
    db *d;
    sqlite3_stmt *s;
    char **fixed; /* repaired copies of text columns that were not UTF-8 */
    int nfixed;
};

int store_error_exit_code(const store_error *err)
{
    switch (err->code) {
    case STORE_OK: return 0;
    case STORE_ERR_BUSY: return EX_TEMPFAIL;
    case STORE_ERR_READONLY:
    case STORE_ERR_CANTOPEN: return EX_CANTCREAT;
    case STORE_ERR_CORRUPT:
    case STORE_ERR_NEWER: return EX_DATAERR;
    case STORE_ERR_IO: return EX_IOERR;
    case STORE_ERR_NOTFOUND: return EX_NOINPUT;
    case STORE_ERR_INTERNAL: return EX_SOFTWARE;
    }
    return EX_SOFTWARE;
}

static store_status db_classify(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return STORE_ERR_BUSY;
    case SQLITE_READONLY:
    case SQLITE_PERM: return STORE_ERR_READONLY;
    case SQLITE_CANTOPEN: return STORE_ERR_CANTOPEN;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return STORE_ERR_CORRUPT;
    case SQLITE_FULL:
    case SQLITE_IOERR: return STORE_ERR_IO;
    default: return STORE_ERR_INTERNAL;
    }
}

static bool db_fail(store_error *err, int rc, const char *what, const char *sql)
{
    if (err) {
        err->code = db_classify(rc);
        snprintf(err->message, sizeof err->message, "%s%s%s%s", what, sql ? " [" : "",
                 sql ? sql : "", sql ? "]" : "");
    }
    return false;
}

db *db_open(const char *path, store_error *err)
{
    db *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    int rc = sqlite3_open_v2(path, &d->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s: %s", path, d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
        db_fail(err, rc, msg, NULL);
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
    free(d);
}

static bool db_err(db *d, int rc, const char *sql, store_error *err)
{
    return db_fail(err, rc, sqlite3_errmsg(d->h), sql);
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
    if (!q) return NULL;
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
    if (i == 0) {
        if (err) {
            err->code = STORE_ERR_INTERNAL;
            snprintf(err->message, sizeof err->message, "no parameter %s in [%s]", name,
                     sqlite3_sql(q->s));
        }
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

bool db_reset(db_stmt *q) { return sqlite3_reset(q->s) == SQLITE_OK; }
int64_t db_col_int(db_stmt *q, int col) { return sqlite3_column_int64(q->s, col); }
double db_col_double(db_stmt *q, int col) { return sqlite3_column_double(q->s, col); }
bool db_col_is_null(db_stmt *q, int col) { return sqlite3_column_type(q->s, col) == SQLITE_NULL; }

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

int64_t db_last_rowid(db *d) { return sqlite3_last_insert_rowid(d->h); }

bool db_begin(db *d, store_error *err) { return db_exec(d, "BEGIN IMMEDIATE", err); }
bool db_commit(db *d, store_error *err) { return db_exec(d, "COMMIT", err); }

void db_rollback(db *d)
{
    if (!sqlite3_get_autocommit(d->h)) sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
}
