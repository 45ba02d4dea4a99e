/* Where in the policy text a value starts.
 *
 * jansson reports a line and column only for syntax errors. When a policy is
 * well-formed JSON but says something the engine refuses ("Effect": "Alow"),
 * we still want to point at the exact place, so this walks the raw text again
 * along a path such as Statement[1].Effect. The text has already been
 * accepted by jansson, so the scanner can be simple: it never has to
 * diagnose anything, only skip. */
#include <string.h>

#include "sim/policy_internal.h"

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* Skips a string starting at the opening quote; returns the index after the
 * closing quote. */
static size_t skip_string(const char *s, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (s[i] == '\\') {
            i++;
        } else if (s[i] == '"') {
            return i + 1;
        }
    }
    return n;
}

/* Skips any value, iteratively, so deep nesting costs no stack. */
static size_t skip_value(const char *s, size_t n, size_t i)
{
    size_t depth = 0;
    while (i < n) {
        char c = s[i];
        if (c == '"') {
            i = skip_string(s, n, i);
            if (depth == 0) return i;
            continue;
        }
        if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (depth == 0) return i;
            if (--depth == 0) return i + 1;
        } else if (depth == 0 && (c == ',' || c == ' ' || c == '\n' || c == '\t' || c == '\r')) {
            return i;
        }
        i++;
    }
    return n;
}

static bool key_equals(const char *s, size_t start, size_t end, const char *key)
{
    size_t klen = strlen(key);
    return end - start == klen && memcmp(s + start, key, klen) == 0;
}

bool policy_locate(const char *text, size_t len, const ppath_step *path, size_t depth, int *line,
                   int *column)
{
    size_t i = skip_ws(text, len, 0);
    for (size_t d = 0; d < depth; d++) {
        char open = path[d].key ? '{' : '[';
        if (i >= len || text[i] != open) return false;
        i = skip_ws(text, len, i + 1);
        size_t idx = 0;
        bool found = false;
        while (i < len && text[i] != '}' && text[i] != ']') {
            if (path[d].key) {
                size_t kstart = i + 1;
                size_t kend = skip_string(text, len, i);
                i = skip_ws(text, len, kend);
                if (i < len && text[i] == ':') i = skip_ws(text, len, i + 1);
                if (kend > kstart && key_equals(text, kstart, kend - 1, path[d].key)) {
                    found = true;
                    break;
                }
            } else if (idx++ == path[d].index) {
                found = true;
                break;
            }
            i = skip_ws(text, len, skip_value(text, len, i));
            if (i < len && text[i] == ',') i = skip_ws(text, len, i + 1);
        }
        if (!found) return false;
    }
    int l = 1, c = 1;
    for (size_t k = 0; k < i && k < len; k++) {
        if (text[k] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *column = c;
    return true;
}
