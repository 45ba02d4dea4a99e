#include "sim/clock.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sim_clock {
    int64_t now_ms;
};

sim_clock *sim_clock_new(int64_t start_ms)
{
    sim_clock *c = malloc(sizeof *c);
    if (c) c->now_ms = start_ms;
    return c;
}

void sim_clock_free(sim_clock *c)
{
    free(c);
}

int64_t sim_clock_now(const sim_clock *c)
{
    return c->now_ms;
}

bool sim_clock_advance(sim_clock *c, int64_t ms)
{
    if (ms < 0 || c->now_ms > INT64_MAX - ms) return false;
    c->now_ms += ms;
    return true;
}

static const struct {
    const char *unit;
    int64_t ms;
} duration_units[] = {
    /* Longest first, so "ms" is not read as "m" followed by junk. */
    {"ms", 1},
    {"s", SIM_MS_PER_SECOND},
    {"m", SIM_MS_PER_MINUTE},
    {"h", SIM_MS_PER_HOUR},
    {"d", SIM_MS_PER_DAY},
    {"w", 7 * SIM_MS_PER_DAY},
};

bool sim_duration_parse(const char *text, int64_t *out_ms)
{
    if (!text) return false;
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    if (!*p) return false;
    int64_t total = 0;
    bool any = false;
    while (*p) {
        if (!isdigit((unsigned char)*p)) return false;
        int64_t n = 0;
        while (isdigit((unsigned char)*p)) {
            if (n > (INT64_MAX - 9) / 10) return false;
            n = n * 10 + (*p++ - '0');
        }
        int64_t unit = 0;
        for (size_t i = 0; i < sizeof duration_units / sizeof duration_units[0]; i++) {
            size_t len = strlen(duration_units[i].unit);
            if (strncmp(p, duration_units[i].unit, len) == 0 && !isalpha((unsigned char)p[len])) {
                unit = duration_units[i].ms;
                p += len;
                break;
            }
        }
        if (unit == 0) {
            /* A bare number is milliseconds, but only on its own. */
            if (any || (*p && !isspace((unsigned char)*p))) return false;
            unit = 1;
        }
        if (n > INT64_MAX / unit || total > INT64_MAX - n * unit) return false;
        total += n * unit;
        any = true;
        while (isspace((unsigned char)*p))
            p++;
    }
    *out_ms = total;
    return true;
}

void sim_duration_format(int64_t ms, char *buf, size_t cap)
{
    if (ms < 0) {
        snprintf(buf, cap, "-");
        return;
    }
    if (ms < SIM_MS_PER_SECOND) {
        snprintf(buf, cap, "%lldms", (long long)ms);
        return;
    }
    int64_t d = ms / SIM_MS_PER_DAY, h = ms % SIM_MS_PER_DAY / SIM_MS_PER_HOUR,
            m = ms % SIM_MS_PER_HOUR / SIM_MS_PER_MINUTE,
            s = ms % SIM_MS_PER_MINUTE / SIM_MS_PER_SECOND;
    size_t used = 0;
    buf[0] = '\0';
    const int64_t parts[] = {d, h, m, s};
    const char *names[] = {"d", "h", "m", "s"};
    int shown = 0;
    for (int i = 0; i < 4 && shown < 2; i++) {
        if (parts[i] == 0 && shown == 0) continue;
        if (parts[i] == 0) break;
        int n = snprintf(buf + used, used < cap ? cap - used : 0, "%s%lld%s", shown ? " " : "",
                         (long long)parts[i], names[i]);
        if (n > 0) used += (size_t)n;
        shown++;
    }
}

void sim_time_format(int64_t ms, char *buf, size_t cap)
{
    /* Floor division, so that an instant before the epoch keeps a
     * millisecond part from 0 to 999 (-1 is 1969-12-31T23:59:59.999Z). */
    int64_t secs = ms / 1000, frac = ms % 1000;
    if (frac < 0) {
        secs -= 1;
        frac += 1000;
    }
    time_t t = (time_t)secs;
    struct tm tm;
    char tmp[64];
    if (!gmtime_r(&t, &tm) || !strftime(tmp, sizeof tmp, "%Y-%m-%dT%H:%M:%S", &tm)) {
        snprintf(buf, cap, "(time out of range)");
        return;
    }
    snprintf(buf, cap, "%s.%03dZ", tmp, (int)frac);
}
