/* bdw: the Big Data Workbench. main() parses the global options and hands
 * the rest to one subcommand from the table below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/app.h"

static const app_cmd *const commands[] = {
    &cmd_play, &cmd_quiz, &cmd_script, &cmd_pack, &cmd_progress, &cmd_export, &cmd_report,
};

static void print_help(FILE *out)
{
    fprintf(out,
            "bdw %s: the Big Data Workbench. Learn the AWS big-data services by doing.\n\n"
            "usage: bdw [global options]                 open the terminal app\n",
            BDW_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        /* A usage may hold several forms, one per line. */
        const char *u = commands[i]->usage;
        while (*u) {
            size_t n = strcspn(u, "\n");
            fprintf(out, "       bdw %.*s\n", (int)n, u);
            u += n + (u[n] == '\n');
        }
    }
    fprintf(out, "\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "\nglobal options:\n"
                 "  --db PATH     the progress database (default "
                 "$XDG_DATA_HOME/bdw/progress.db)\n"
                 "  --packs DIR   also look for packs in DIR (repeatable)\n"
                 "  --no-color    no colours in the terminal app (NO_COLOR is honoured too)\n"
                 "  --help        this text;  --version  the version\n"
                 "\nexit codes: 0 ok, 64 usage, 65 bad data, 66 missing input or not a file,\n"
                 "70 internal error, 73 cannot write (read-only), 74 disk full or I/O error,\n"
                 "75 database busy (try again).\n");
}

int app_usage(app *a, const app_cmd *cmd)
{
    (void)a;
    if (cmd)
        fprintf(stderr, "usage: bdw %s\n", cmd->usage); /* multi-form usages print as they are */
    else
        print_help(stderr);
    return EX_USAGE;
}

int app_help(app *a, const app_cmd *cmd)
{
    (void)a;
    printf("usage: bdw %s\n%s\n", cmd->usage, cmd->summary);
    return 0;
}

int main(int argc, char **argv)
{
    app a;
    app_init(&a, argv[0]);
    /* Global options may come before or after the subcommand; we take them
     * out and leave the subcommand's own arguments in order. */
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0;
    int code = 0;
    bool want_help = false;
    if (!rest) return EX_OSERR;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--db") == 0 || strcmp(arg, "--packs") == 0) {
            if (i + 1 >= argc) {
                code = app_fail(&a, EX_USAGE, "%s needs a value", arg);
                goto done;
            }
            if (arg[2] == 'd') {
                a.db_path = argv[++i];
            } else if (a.npack_dirs < APP_MAX_PACK_DIRS) {
                a.pack_dirs[a.npack_dirs++] = argv[++i];
            } else {
                code = app_fail(&a, EX_USAGE, "at most %d --packs", APP_MAX_PACK_DIRS);
                goto done;
            }
        } else if (strncmp(arg, "--db=", 5) == 0) {
            a.db_path = arg + 5;
        } else if (strncmp(arg, "--packs=", 8) == 0 && a.npack_dirs < APP_MAX_PACK_DIRS) {
            a.pack_dirs[a.npack_dirs++] = arg + 8;
        } else if (strcmp(arg, "--no-color") == 0) {
            a.no_color = true;
        } else if (strcmp(arg, "--version") == 0 && nrest == 0) {
            printf("bdw %s\n", BDW_VERSION);
            goto done;
        } else if ((strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) && nrest == 0) {
            want_help = true;
        } else {
            rest[nrest++] = argv[i];
        }
    }
    if (want_help) {
        print_help(stdout);
        goto done;
    }
    if (nrest == 0) {
        code = cmd_tui.exec(&a, 0, rest);
        goto done;
    }
    if (rest[0][0] == '-') {
        fprintf(stderr, "bdw: unknown option '%s'\n", rest[0]);
        code = app_usage(&a, NULL);
        goto done;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(rest[0], commands[i]->name) == 0) {
            code = commands[i]->exec(&a, nrest, rest);
            goto done;
        }
    }
    fprintf(stderr, "bdw: unknown command '%s'\n", rest[0]);
    code = app_usage(&a, NULL);
done:
    app_done(&a);
    free(rest);
    return code;
}
