/* bdw pack new DIR [--id ID]: a new pack that lints clean and plays. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli/app.h"
#include "cli/pack_cmds.h"
#include "pack/template.h"

int pack_new_exec(app *a, int argc, char **argv)
{
    static const struct option opts[] = {{"id", required_argument, NULL, 'i'}, {NULL, 0, NULL, 0}};
    const char *id = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "i:", opts, NULL)) != -1) {
        if (c == 'i')
            id = optarg;
        else
            return app_usage(a, &cmd_pack);
    }
    if (optind != argc - 1) return app_usage(a, &cmd_pack);
    const char *dir = argv[optind];
    char derived[65];
    if (!id) {
        /* The folder's name, lower-cased, as the id. */
        size_t n = strlen(dir);
        while (n > 1 && dir[n - 1] == '/')
            n--;
        const char *base = dir;
        for (size_t i = 0; i < n; i++)
            if (dir[i] == '/' && i + 1 < n) base = dir + i + 1;
        size_t k = 0;
        for (const char *p = base; p < dir + n && k < 64; p++) {
            char ch = *p;
            if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
            derived[k++] = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                                   ch == '_' || ch == '-'
                               ? ch
                               : '-';
        }
        derived[k] = '\0';
        id = derived;
    }
    pack_diag d = {0};
    if (!pack_write_new(dir, id, &d))
        return app_fail_diag(a, strstr(d.message, "pack id") ? EX_USAGE : EX_CANTCREAT, &d);
    printf("Created pack '%s' in %s. Next:\n  bdw pack lint %s\n  bdw --packs %s play %s/first\n",
           id, dir, dir, dir, id);
    return 0;
}
