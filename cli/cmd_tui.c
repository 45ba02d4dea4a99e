/* bdw with no command: the terminal app. */
#include <stdio.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/app.h"
#include "tui/tui.h"

static int tui_exec(app *a, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    int code = 0;
    pack_set *set = app_packs(a);
    if (!app_session(a, "tui", &code)) return code;
    tui_options opts = {.no_color = a->no_color,
                        .packs = set,
                        .db = a->db,
                        .session = a->session,
                        .learner = app_learner()};
    return tui_run(&opts);
}

const app_cmd cmd_tui = {
    .name = "tui",
    .usage = "",
    .summary = "the terminal app",
    .exec = tui_exec,
};
