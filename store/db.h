#ifndef STORE_DB_H
#define STORE_DB_H

/* A thin layer over SQLite in the fossil style: prepare with named binds that
 * fail loudly on an unknown name, one-line helpers, and errors that name the
 * database file and say what to do (store/error.h), with SQLite's text and
 * the SQL in err->detail. Only store/ includes this file (and sqlite3.h). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"

typedef struct db db;
typedef struct db_stmt db_stmt;

typedef enum {
    DB_READ_WRITE, /* creates the file when missing */
    DB_READ_ONLY,  /* SQLITE_OPEN_READONLY: may still need (and make) the -shm of a WAL */
    DB_IMMUTABLE,  /* read-only, no locks, no -shm or -wal: for a file that holds it all */
} db_mode;

db *db_open(const char *path, db_mode mode, store_error *err);
void db_close(db *d);
/* What a failed write's message tells the person to do again: "try again"
 * (NULL), or "answer again" while an answer is being stored. */
void db_set_retry(db *d, const char *retry);
/* SQLite's message for the last failure on d (no SQL in it). */
const char *db_errmsg(db *d);

/* Runs one or more statements with no results. */
bool db_exec(db *d, const char *sql, store_error *err);
/* Runs a query whose first column of the first row is an integer. */
bool db_int(db *d, const char *sql, int64_t *out, store_error *err);

db_stmt *db_prepare(db *d, const char *sql, store_error *err);
/* Binds by name (":name"); an unknown name is an error, not a silent no-op. */
bool db_bind_text(db_stmt *q, const char *name, const char *v, store_error *err);
bool db_bind_int(db_stmt *q, const char *name, int64_t v, store_error *err);
bool db_bind_double(db_stmt *q, const char *name, double v, store_error *err);
bool db_bind_null(db_stmt *q, const char *name, store_error *err);
/* Returns 1 for a row, 0 when done, -1 on error. */
int db_step(db_stmt *q, store_error *err);
bool db_reset(db_stmt *q);
int64_t db_col_int(db_stmt *q, int col);
double db_col_double(db_stmt *q, int col);
const char *db_col_text(db_stmt *q, int col); /* "" for NULL */
bool db_col_is_null(db_stmt *q, int col);
void db_finalize(db_stmt *q);
int64_t db_last_rowid(db *d);

/* Transactions: every write happens in BEGIN IMMEDIATE, so a second process
 * waits (busy_timeout) instead of failing half-way. */
bool db_begin(db *d, store_error *err);
bool db_commit(db *d, store_error *err);
void db_rollback(db *d);

#endif
