#include "pack/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pack_diag_set(pack_diag *d, const char *file, int line, int column, const char *fmt, ...)
{
    if (!d) return;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    d->column = column;
    d->kind = PACK_DIAG_BAD_DATA;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
}

void pack_diag_format(const pack_diag *d, char *buf, unsigned long cap)
{
    if (d->line > 0 && d->column > 0)
        snprintf(buf, cap, "%s:%d:%d: %s", d->file, d->line, d->column, d->message);
    else if (d->line > 0)
        snprintf(buf, cap, "%s:%d: %s", d->file, d->line, d->message);
    else if (d->file[0])
        snprintf(buf, cap, "%s: %s", d->file, d->message);
    else
        snprintf(buf, cap, "%s", d->message);
}
