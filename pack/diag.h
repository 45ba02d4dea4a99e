#ifndef PACK_DIAG_H
#define PACK_DIAG_H

/* What kind of problem: the file's content (EX_DATAERR: fix the file), or
 * the file itself is missing, not a regular file, or cannot be read
 * (EX_NOINPUT: give another path). */
typedef enum { PACK_DIAG_BAD_DATA = 0, PACK_DIAG_NO_INPUT } pack_diag_kind;

/* One problem in an outside file, located for the person who must fix it:
 * "file:line:column: message". line and column are 1-based; 0 when unknown. */
typedef struct pack_diag {
    char file[512];
    int line;
    int column;
    char message[512];
    pack_diag_kind kind;
} pack_diag;

/* Sets every field; kind becomes PACK_DIAG_BAD_DATA (the readers of files
 * set PACK_DIAG_NO_INPUT after it). */
void pack_diag_set(pack_diag *d, const char *file, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* "file:line:column: message" (parts that are unknown are left out). */
void pack_diag_format(const pack_diag *d, char *buf, unsigned long cap);

#endif
