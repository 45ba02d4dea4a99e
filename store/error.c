#include "store/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

int store_error_exit_code(const store_error *err)
{
    switch (err->code) {
    case STORE_OK:
        return 0;
    case STORE_ERR_BUSY:
        return EX_TEMPFAIL;
    case STORE_ERR_READONLY:
    case STORE_ERR_CANTOPEN:
    case STORE_ERR_OLDER:
        return EX_CANTCREAT;
    case STORE_ERR_CORRUPT:
    case STORE_ERR_NEWER:
        return EX_DATAERR;
    case STORE_ERR_IO:
    case STORE_ERR_FULL:
        return EX_IOERR;
    case STORE_ERR_NOTFOUND:
    case STORE_ERR_NOTFILE:
        return EX_NOINPUT;
    case STORE_ERR_INTERNAL:
        return EX_SOFTWARE;
    }
    return EX_SOFTWARE;
}

void store_error_explain(store_error *err, store_status code, const char *path, const char *why,
                         const char *retry)
{
    if (!err) return;
    err->code = code;
    const char *p = path && *path ? path : "the progress database";
    const char *again = retry ? retry : "try again";
    /* " (why)" when there is a reason to give. */
    char paren[400] = "";
    if (why && *why) snprintf(paren, sizeof paren, " (%s)", why);
    char *m = err->message;
    size_t cap = sizeof err->message;
    switch (code) {
    case STORE_OK:
        m[0] = '\0';
        break;
    case STORE_ERR_BUSY:
        snprintf(m, cap, "%s: the database is busy (another bdw is writing); %s", p, again);
        break;
    case STORE_ERR_READONLY:
        snprintf(m, cap, "%s: the database is read-only%s; check its permissions or use --db", p,
                 paren);
        break;
    case STORE_ERR_CANTOPEN:
        snprintf(m, cap, "%s: cannot open the database%s; check the path or use --db", p, paren);
        break;
    case STORE_ERR_CORRUPT:
        snprintf(m, cap, "%s: not a bdw progress database (%s)", p,
                 why && *why ? why : "file is not a database");
        break;
    case STORE_ERR_NEWER:
        snprintf(m, cap, "%s: written by a newer bdw%s; upgrade bdw, or use another --db", p,
                 paren);
        break;
    case STORE_ERR_OLDER:
        snprintf(m, cap,
                 "%s: written by an older bdw%s and read-only here, so it cannot be upgraded; "
                 "make it writable and run a command that writes once (bdw quiz or bdw play), "
                 "or use --db",
                 p, paren);
        break;
    case STORE_ERR_FULL:
        if (why && strcmp(why, STORE_WHY_FILE_SIZE_LIMIT) == 0)
            snprintf(m, cap,
                     "%s: the database has reached the file-size limit (ulimit -f); raise "
                     "it and %s (your earlier answers are safe)",
                     p, again);
        else
            snprintf(m, cap,
                     "%s: the disk is full%s; free some space and %s (your earlier "
                     "answers are safe)",
                     p, paren, again);
        break;
    case STORE_ERR_IO:
        snprintf(m, cap, "%s: cannot read or write the database (%s); check the disk and %s", p,
                 why && *why ? why : "disk I/O error", again);
        break;
    case STORE_ERR_NOTFOUND:
        snprintf(m, cap, "%s: no progress database yet", p);
        break;
    case STORE_ERR_NOTFILE:
        snprintf(m, cap, "%s: not a database file%s; --db takes a file", p, paren);
        break;
    case STORE_ERR_INTERNAL:
        snprintf(m, cap,
                 "%s: internal error in the progress store%s; this is a bug, please report it "
                 "(BDW_DEBUG=1 shows the details)",
                 p, paren);
        break;
    }
}

void store_error_detail(store_error *err, const char *fmt, ...)
{
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->detail, sizeof err->detail, fmt, ap);
    va_end(ap);
}
