#include "pack/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *pack_input_kind(mode_t m)
{
    return S_ISDIR(m)    ? "a folder"
           : S_ISFIFO(m) ? "a FIFO"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
           : S_ISREG(m)  ? "a regular file"
                         : "not a regular file";
}

/* "8 MiB", "512 KiB" or "100 bytes". */
static void input_size(size_t n, char *buf, size_t cap)
{
    if (n >= (1u << 20) && n % (1u << 20) == 0)
        snprintf(buf, cap, "%zu MiB", n >> 20);
    else if (n >= (1u << 20))
        snprintf(buf, cap, "%.1f MiB", (double)n / (1u << 20));
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(buf, cap, "%zu KiB", n >> 10);
    else
        snprintf(buf, cap, "%zu bytes", n);
}

static bool input_accepts(mode_t m, unsigned flags)
{
    return S_ISREG(m) || ((flags & PACK_INPUT_PIPES) && S_ISFIFO(m));
}

static bool input_fail(pack_diag *d, const char *display, pack_diag_kind kind, int e,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static bool input_fail(pack_diag *d, const char *display, pack_diag_kind kind, int e,
                       const char *fmt, ...)
{
    char msg[sizeof d->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pack_diag_set(d, display, 0, 0, "%s", msg);
    if (d) d->kind = kind;
    errno = e;
    return false;
}

static bool input_too_large(pack_diag *d, const char *display, size_t limit, off_t size)
{
    char lim[32], got[32], msg[128];
    input_size(limit, lim, sizeof lim);
    if (size > 0) {
        input_size((size_t)size, got, sizeof got);
        snprintf(msg, sizeof msg, "the file is larger than the %s limit (%s)", lim, got);
    } else {
        snprintf(msg, sizeof msg, "the input is larger than the %s limit", lim);
    }
    return input_fail(d, display, PACK_DIAG_BAD_DATA, EFBIG, "%s", msg);
}

bool pack_input_read(const char *path, const char *display, size_t limit, unsigned flags,
                     char **out, size_t *len, pack_diag *d, bool *missing)
{
    if (missing) *missing = false;
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (missing) *missing = e == ENOENT;
        return input_fail(d, display, PACK_DIAG_NO_INPUT, e, "cannot open: %s", strerror(e));
    }
    char kind[64];
    if (!input_accepts(st.st_mode, flags)) {
        snprintf(kind, sizeof kind, "%s", pack_input_kind(st.st_mode));
        return input_fail(d, display, PACK_DIAG_NO_INPUT, S_ISDIR(st.st_mode) ? EISDIR : EINVAL,
                          "is %s, not a regular file", kind);
    }
    /* A FIFO allowed on purpose is opened as usual (waiting for its writer);
     * anything else without waiting, and checked again once open, so that a
     * FIFO put in its place meanwhile cannot hang the reader. */
    bool fifo = S_ISFIFO(st.st_mode);
    int fd = open(path, O_RDONLY | O_CLOEXEC | (fifo ? 0 : O_NONBLOCK));
    if (fd < 0) {
        int e = errno;
        return input_fail(d, display, PACK_DIAG_NO_INPUT, e, "cannot open: %s", strerror(e));
    }
    if (fstat(fd, &st) != 0 || !input_accepts(st.st_mode, flags)) {
        close(fd);
        snprintf(kind, sizeof kind, "%s", pack_input_kind(st.st_mode));
        return input_fail(d, display, PACK_DIAG_NO_INPUT, EINVAL, "is %s, not a regular file",
                          kind);
    }
    if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > (unsigned long long)limit) {
        close(fd);
        return input_too_large(d, display, limit, st.st_size);
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    /* The size is a hint (the file may grow while it is read): read up to
     * one byte past the limit to notice. */
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
    if (cap > limit + 1) cap = limit + 1;
    size_t n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        if (n == cap) {
            if (cap > limit) break; /* limit + 1 bytes read: too large */
            size_t grown = cap * 2 < limit + 1 ? cap * 2 : limit + 1;
            char *p = realloc(buf, grown + 1);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap = grown;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return input_fail(d, display, PACK_DIAG_NO_INPUT, e, "cannot read: %s", strerror(e));
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    close(fd);
    if (!buf) return input_fail(d, display, PACK_DIAG_NO_INPUT, ENOMEM, "%s", "out of memory");
    if (n > limit) {
        free(buf);
        return input_too_large(d, display, limit, S_ISREG(st.st_mode) ? st.st_size : 0);
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return true;
}
