#include "learn/answer.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void answer_trim(const char *text, char *buf, size_t cap)
{
    if (!cap) return;
    while (*text && isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (n >= cap) n = cap - 1;
    memcpy(buf, text, n);
    buf[n] = '\0';
}

bool answer_parse_choice(const char *text, size_t n, bool multi, bool *picked, char *why,
                         size_t why_cap)
{
    memset(picked, 0, n * sizeof *picked);
    char buf[256];
    answer_trim(text, buf, sizeof buf);
    size_t count = 0;
    char *save = NULL;
    if (!buf[0]) {
        snprintf(why, why_cap, "empty answer; expected a choice (1-%zu or A-%c)", n,
                 (char)('A' + (n > 26 ? 25 : n - 1)));
        return false;
    }
    for (char *tok = strtok_r(buf, "+,", &save); tok; tok = strtok_r(NULL, "+,", &save)) {
        char t[64];
        answer_trim(tok, t, sizeof t);
        size_t idx = 0;
        if (isdigit((unsigned char)t[0])) {
            char *end;
            long v = strtol(t, &end, 10);
            if (*end || v < 1 || (size_t)v > n) goto bad;
            idx = (size_t)v - 1;
        } else if (isalpha((unsigned char)t[0]) && t[1] == '\0') {
            idx = (size_t)(toupper((unsigned char)t[0]) - 'A');
            if (idx >= n) goto bad;
        } else {
            goto bad;
        }
        if (!picked[idx]) count++;
        picked[idx] = true;
        continue;
    bad:
        snprintf(why, why_cap, "'%s' is not one of the choices (1-%zu or A-%c)", t, n,
                 (char)('A' + (n > 26 ? 25 : n - 1)));
        return false;
    }
    if (count == 0 || (!multi && count != 1)) {
        snprintf(why, why_cap, "pick exactly one choice (1-%zu)", n);
        return false;
    }
    return true;
}

void answer_format_choice(const bool *picked, size_t n, char *buf, size_t cap)
{
    size_t used = 0;
    if (cap) buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (!picked[i]) continue;
        int w = snprintf(buf + used, used < cap ? cap - used : 0, "%s%zu", used ? "+" : "", i + 1);
        if (w > 0) used += (size_t)w;
    }
}

bool answer_parse_number(const char *text, double *out)
{
    while (isspace((unsigned char)*text))
        text++;
    char *end;
    double v = strtod(text, &end);
    if (end == text || !isfinite(v)) return false;
    /* Allow a unit after the number ("4 shards"), nothing glued to it. */
    if (*end && !isspace((unsigned char)*end) && *end != '%') return false;
    *out = v;
    return true;
}
