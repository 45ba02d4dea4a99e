/* bdw script FILE.lua [--seed N]: runs a script in the scenario sandbox with
 * the simulator API, for instructors and tests checking a simulator. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "cli/app.h"
#include "lua/host.h"
#include "pack/input.h"

static void script_print(void *ud, const char *text, size_t len)
{
    fwrite(text, 1, len, (FILE *)ud);
}

static int script_exec(app *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"seed", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    uint64_t seed = 1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (!app_parse_u64(optarg, &seed))
                return app_fail(a, EX_USAGE, "--seed takes a whole number, not '%s'", optarg);
            break;
        case 'h':
            return app_help(a, &cmd_script);
        default:
            return app_usage(a, &cmd_script);
        }
    }
    if (optind != argc - 1) return app_usage(a, &cmd_script);
    const char *path = argv[optind];
    struct stat st;
    if (stat(path, &st) != 0) return app_fail(a, EX_NOINPUT, "%s: %s", path, strerror(errno));
    /* A FIFO would hang the loader, a folder is not a script. */
    if (!S_ISREG(st.st_mode))
        return app_fail(a, EX_NOINPUT, "%s: is %s, not a regular file", path,
                        pack_input_kind(st.st_mode));
    lhost_config cfg = {.seed = seed, .print = script_print, .print_ud = stdout};
    lhost *h = lhost_new(&cfg);
    if (!h) return app_fail(a, EX_OSERR, "cannot create the Lua sandbox");
    lhost_error err;
    bool ok = lhost_load_file(h, path, path, &err) && lhost_call(h, 0, 0, &err);
    lhost_free(h);
    fflush(stdout);
    if (!ok) {
        if (err.traceback[0]) fprintf(stderr, "%s\n", err.traceback);
        /* The message already names file:line; print it as Lua wrote it. */
        return app_fail(a, EX_DATAERR, "%s", err.message);
    }
    return 0;
}

const app_cmd cmd_script = {
    .name = "script",
    .usage = "script FILE.lua [--seed N]",
    .summary = "run a Lua script in the scenario sandbox with the simulator API",
    .exec = script_exec,
};
