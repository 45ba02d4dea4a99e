#include "tui/tui.h"

#include <locale.h>
#include <stdio.h>
#include <time.h>

#include "tui/tui_int.h"

uint64_t tui_fresh_seed(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* The same shape as the CLI's seeds: small enough to type back in, and
     * exact as a Lua integer and in JSON. */
    return ((uint64_t)ts.tv_sec * 1000003u + (uint64_t)ts.tv_nsec / 1000u) % 1000000000u;
}

int tui_run(const tui_options *opts)
{
    /* The wide-character curses calls and wcwidth need the person's locale
     * for text; numbers stay in the C locale so that scenarios, JSON and the
     * store read and write "0.5" the same everywhere, and so does collation:
     * Lua compares strings with strcoll, and a scenario must sort the same
     * way in the app as headless, on every learner's machine. */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    setlocale(LC_COLLATE, "C");
    char why[512];
    int code = 0;
    crt *c = crt_open(opts->no_color, why, sizeof why, &code);
    if (!c) {
        fprintf(stderr, "bdw: %s\n", why);
        return code;
    }
    tui t = {.crt = c, .opts = opts};
    code = tui_home(&t);
    crt_close(c);
    return code;
}
