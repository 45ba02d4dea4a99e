#include "pack/jsonfile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack/input.h"

bool pack_jfile_parse(pack_jfile *f, const char *text, size_t len, const char *display,
                      pack_diag *d)
{
    memset(f, 0, sizeof *f);
    f->display = strdup(display);
    f->text = malloc(len + 1);
    if (!f->display || !f->text) {
        pack_diag_set(d, display, 0, 0, "out of memory");
        pack_jfile_free(f);
        return false;
    }
    memcpy(f->text, text, len);
    f->text[len] = '\0';
    f->len = len;
    /* A UTF-8 byte-order mark is harmless; jansson would refuse it. */
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (len == skip) {
        pack_diag_set(d, display, 1, 1, "the file is empty; expected a JSON object");
        pack_jfile_free(f);
        return false;
    }
    json_error_t je;
    f->root = json_loadb(f->text + skip, len - skip, JSON_REJECT_DUPLICATES, &je);
    if (!f->root) {
        /* jansson counts columns in characters and lines from 1. */
        pack_diag_set(d, display, je.line > 0 ? je.line : 1, je.column > 0 ? je.column : 1, "%s",
                      je.text);
        pack_jfile_free(f);
        return false;
    }
    if (!json_is_object(f->root)) {
        pack_diag_set(d, display, 1, 1, "expected a JSON object at the top");
        pack_jfile_free(f);
        return false;
    }
    return true;
}

bool pack_read_file(const char *path, const char *display, char **out, size_t *len, pack_diag *d,
                    bool *missing)
{
    return pack_input_read(path, display, PACK_JSON_FILE_LIMIT, PACK_INPUT_REGULAR, out, len, d,
                           missing);
}

bool pack_jfile_load(pack_jfile *f, const char *path, const char *display, pack_diag *d,
                     bool *missing)
{
    memset(f, 0, sizeof *f);
    char *buf;
    size_t n;
    if (!pack_read_file(path, display, &buf, &n, d, missing)) return false;
    bool ok = pack_jfile_parse(f, buf, n, display, d);
    free(buf);
    return ok;
}

void pack_jfile_free(pack_jfile *f)
{
    if (!f) return;
    json_decref(f->root);
    free(f->text);
    free(f->display);
    memset(f, 0, sizeof *f);
}

void pack_jfile_fail(const pack_jfile *f, pack_diag *d, const pack_jpath_step *path, size_t depth,
                     const char *fmt, ...)
{
    int line = 0, column = 0;
    pack_json_locate(f->text, f->len, path, depth, &line, &column);
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pack_diag_set(d, f->display, line, column, "%s", msg);
}
