#include "sim/units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *unit;
    uint64_t bytes;
} size_units[] = {
    {"B", 1},       {"KB", SIM_KB},  {"KiB", SIM_KB}, {"MB", SIM_MB},  {"MiB", SIM_MB},
    {"GB", SIM_GB}, {"GiB", SIM_GB}, {"TB", SIM_TB},  {"TiB", SIM_TB}, {"PB", SIM_TB * 1024},
};

bool sim_size_parse(const char *text, uint64_t *out_bytes)
{
    if (!text) return false;
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    if (!isdigit((unsigned char)*p)) return false;
    char *end;
    double n = strtod(p, &end);
    if (end == p || !isfinite(n) || n < 0) return false;
    while (isspace((unsigned char)*end))
        end++;
    uint64_t unit = 1;
    if (*end) {
        const char *u = end;
        while (isalpha((unsigned char)*end))
            end++;
        size_t len = (size_t)(end - u);
        bool found = false;
        for (size_t i = 0; i < sizeof size_units / sizeof size_units[0]; i++) {
            if (len == strlen(size_units[i].unit) && strncasecmp(u, size_units[i].unit, len) == 0) {
                unit = size_units[i].bytes;
                found = true;
                break;
            }
        }
        while (isspace((unsigned char)*end))
            end++;
        if (!found || *end) return false;
    }
    double bytes = n * (double)unit;
    if (bytes >= 18446744073709551615.0) return false;
    *out_bytes = (uint64_t)(bytes + 0.5);
    return true;
}

void sim_size_format(uint64_t bytes, char *buf, size_t cap)
{
    static const char *names[] = {"B", "KB", "MB", "GB", "TB", "PB"};
    double v = (double)bytes;
    int i = 0;
    while (v >= 1024.0 && i < 5) {
        v /= 1024.0;
        i++;
    }
    if (i == 0)
        snprintf(buf, cap, "%llu B", (unsigned long long)bytes);
    else
        snprintf(buf, cap, "%.1f %s", v, names[i]);
}
