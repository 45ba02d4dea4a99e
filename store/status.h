#ifndef STORE_STATUS_H
#define STORE_STATUS_H

typedef enum {
    STORE_OK = 0,
    STORE_ERR_BUSY,     /* another bdw holds the database: try again (EX_TEMPFAIL) */
    STORE_ERR_READONLY, /* the file or its folder cannot be written (EX_CANTCREAT) */
    STORE_ERR_CANTOPEN, /* the file cannot be opened or created (EX_CANTCREAT) */
    STORE_ERR_CORRUPT,  /* not a bdw database, or damaged (EX_DATAERR) */
    STORE_ERR_NEWER,    /* written by a newer bdw (EX_DATAERR) */
    STORE_ERR_IO,       /* disk full or an I/O error (EX_IOERR) */
    STORE_ERR_NOTFOUND, /* no such attempt or item */
    STORE_ERR_INTERNAL, /* a bug: a bad statement or bind (EX_SOFTWARE) */
} store_status;

typedef struct store_error {
    store_status code;
    char message[1024];
} store_error;

/* The sysexits code a command should exit with for this error. */
int store_error_exit_code(const store_error *err);

#endif
