#include "pack/jsonpos.h"

#include <stdbool.h>
#include <string.h>

/* A scanner just strong enough to skip over JSON values and compare keys.
 * It trusts that jansson has already accepted the text. */
typedef struct jscan {
    const char *s;
    size_t len, pos;
    int depth;
} jscan;

static void js_ws(jscan *j)
{
    while (j->pos < j->len && strchr(" \t\r\n", j->s[j->pos]) && j->s[j->pos])
        j->pos++;
    /* A UTF-8 BOM at the very start. */
    if (j->pos == 0 && j->len >= 3 && (unsigned char)j->s[0] == 0xEF &&
        (unsigned char)j->s[1] == 0xBB && (unsigned char)j->s[2] == 0xBF) {
        j->pos = 3;
        js_ws(j);
    }
}

static bool js_string(jscan *j, size_t *start, size_t *end)
{
    if (j->pos >= j->len || j->s[j->pos] != '"') return false;
    j->pos++;
    *start = j->pos;
    while (j->pos < j->len && j->s[j->pos] != '"') {
        if (j->s[j->pos] == '\\') j->pos++;
        j->pos++;
    }
    if (j->pos >= j->len) return false;
    *end = j->pos;
    j->pos++;
    return true;
}

static bool js_skip(jscan *j)
{
    if (++j->depth > 4096) return false;
    js_ws(j);
    if (j->pos >= j->len) return false;
    char c = j->s[j->pos];
    bool ok = true;
    if (c == '"') {
        size_t a, b;
        ok = js_string(j, &a, &b);
    } else if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        j->pos++;
        js_ws(j);
        if (j->pos < j->len && j->s[j->pos] == close) {
            j->pos++;
        } else {
            for (;;) {
                if (c == '{') {
                    size_t a, b;
                    js_ws(j);
                    if (!js_string(j, &a, &b)) {
                        ok = false;
                        break;
                    }
                    js_ws(j);
                    if (j->pos >= j->len || j->s[j->pos] != ':') {
                        ok = false;
                        break;
                    }
                    j->pos++;
                }
                if (!js_skip(j)) {
                    ok = false;
                    break;
                }
                js_ws(j);
                if (j->pos < j->len && j->s[j->pos] == ',') {
                    j->pos++;
                    continue;
                }
                if (j->pos < j->len && j->s[j->pos] == close) {
                    j->pos++;
                    break;
                }
                ok = false;
                break;
            }
        }
    } else {
        while (j->pos < j->len && !strchr(",]} \t\r\n", j->s[j->pos]))
            j->pos++;
    }
    j->depth--;
    return ok;
}

static void js_linecol(const char *s, size_t pos, int *line, int *column)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < pos; i++) {
        if (s[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            c++; /* count characters, not UTF-8 continuation bytes */
        }
    }
    *line = l;
    *column = c;
}

int pack_json_locate(const char *text, size_t len, const pack_jpath_step *path, size_t depth,
                     int *line, int *column)
{
    jscan j = {text, len, 0, 0};
    *line = *column = 0;
    js_ws(&j);
    size_t found = j.pos;
    for (size_t d = 0; d < depth; d++) {
        js_ws(&j);
        if (j.pos >= j.len) break;
        char c = j.s[j.pos];
        bool hit = false;
        if (path[d].key && c == '{') {
            j.pos++;
            for (;;) {
                size_t a, b;
                js_ws(&j);
                if (!js_string(&j, &a, &b)) break;
                js_ws(&j);
                if (j.pos >= j.len || j.s[j.pos] != ':') break;
                j.pos++;
                js_ws(&j);
                size_t klen = strlen(path[d].key);
                if (b - a == klen && memcmp(j.s + a, path[d].key, klen) == 0) {
                    hit = true;
                    break;
                }
                if (!js_skip(&j)) break;
                js_ws(&j);
                if (j.pos < j.len && j.s[j.pos] == ',') {
                    j.pos++;
                    continue;
                }
                break;
            }
        } else if (!path[d].key && c == '[') {
            j.pos++;
            for (size_t i = 0;; i++) {
                js_ws(&j);
                if (i == path[d].index) {
                    hit = j.pos < j.len && j.s[j.pos] != ']';
                    break;
                }
                if (!js_skip(&j)) break;
                js_ws(&j);
                if (j.pos < j.len && j.s[j.pos] == ',') {
                    j.pos++;
                    continue;
                }
                break;
            }
        }
        if (!hit) {
            js_linecol(text, found, line, column);
            return -1;
        }
        found = j.pos;
    }
    js_linecol(text, found, line, column);
    return 0;
}
