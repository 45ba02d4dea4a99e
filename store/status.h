#ifndef STORE_STATUS_H
#define STORE_STATUS_H

typedef enum {
    STORE_OK = 0,
    STORE_ERR_BUSY,     /* another bdw holds the database: try again (EX_TEMPFAIL) */
    STORE_ERR_READONLY, /* the file or its folder cannot be written (EX_CANTCREAT) */
    STORE_ERR_CANTOPEN, /* the file cannot be opened or created (EX_CANTCREAT) */
    STORE_ERR_CORRUPT,  /* not a bdw database, or damaged (EX_DATAERR) */
    STORE_ERR_NEWER,    /* written by a newer bdw (EX_DATAERR) */
    STORE_ERR_IO,       /* an I/O error (EX_IOERR) */
    STORE_ERR_NOTFOUND, /* no such attempt or item; no database yet (EX_NOINPUT) */
    STORE_ERR_INTERNAL, /* a bug: a bad statement or bind, or out of memory (EX_SOFTWARE) */
    STORE_ERR_FULL,     /* the disk, or the file-size limit, is full (EX_IOERR) */
    STORE_ERR_OLDER,    /* read-only and written by an older bdw: the upgrade cannot be
                           written (EX_CANTCREAT) */
    STORE_ERR_NOTFILE,  /* the path is a folder, a FIFO or a device (EX_NOINPUT) */
} store_status;

typedef struct store_error {
    store_status code;
    /* For the person: names the database file, says what is wrong and what
     * to do. Never SQL. */
    char message[1024];
    /* For a debug log (BDW_DEBUG=1): SQLite's own message and the statement. */
    char detail[1024];
} store_error;

/* The sysexits code a command should exit with for this error. */
int store_error_exit_code(const store_error *err);

#endif
