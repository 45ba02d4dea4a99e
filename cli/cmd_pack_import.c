/* bdw pack import FILE --out DIR [--format gift|aiken] [--prefix ID] [--force]:
 * turns a Moodle GIFT or Aiken file into DIR/questions/NAME.json, making DIR a
 * pack (with a pack.json) if it is not one yet. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/app.h"
#include "cli/pack_cmds.h"
#include "pack/import.h"

/* The file's name without folders or extension, as a pack-safe id part. */
static void import_stem(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = 0;
    for (const char *p = base; *p && *p != '.' && n + 1 < cap; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) c = '-';
        out[n++] = c;
    }
    out[n] = '\0';
    if (!n) snprintf(out, cap, "imported");
}

static int import_mkdir(app *a, const char *dir)
{
    if (mkdir(dir, 0755) == 0 || errno == EEXIST) return 0;
    return app_fail(a, EX_CANTCREAT, "%s: cannot create: %s", dir, strerror(errno));
}

static int import_write_json(app *a, const char *path, json_t *doc)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    /* Write beside, then rename: a crash never leaves half a file. */
    if (json_dump_file(doc, tmp, JSON_INDENT(2)) != 0) {
        unlink(tmp);
        return app_fail(a, EX_IOERR, "%s: cannot write", path);
    }
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return app_fail(a, EX_IOERR, "%s: cannot write: %s", path, strerror(errno));
    }
    return 0;
}

int pack_import_exec(app *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"prefix", required_argument, NULL, 'p'},
        {"force", no_argument, NULL, 'F'},
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL, *prefix = NULL;
    pack_import_format fmt = PACK_IMPORT_AUTO;
    bool force = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:f:p:F", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'p':
            prefix = optarg;
            break;
        case 'F':
            force = true;
            break;
        case 'f':
            if (strcmp(optarg, "gift") == 0)
                fmt = PACK_IMPORT_GIFT;
            else if (strcmp(optarg, "aiken") == 0)
                fmt = PACK_IMPORT_AIKEN;
            else
                return app_fail(a, EX_USAGE, "--format is gift or aiken, not '%s'", optarg);
            break;
        default:
            return app_usage(a, &cmd_pack);
        }
    }
    if (optind != argc - 1 || !out) return app_usage(a, &cmd_pack);
    const char *file = argv[optind];
    char stem[128];
    import_stem(file, stem, sizeof stem);
    char id_prefix[160];
    snprintf(id_prefix, sizeof id_prefix, "%s", prefix ? prefix : stem);

    pack_diag d = {0};
    pack_import_warnings w = {0};
    json_t *bank = pack_import_file_ex(file, fmt, id_prefix, &d, &w);
    for (size_t i = 0; i < w.count; i++) {
        char msg[1200];
        pack_diag_format(&w.items[i], msg, sizeof msg);
        fprintf(stderr, "warning: %s\n", msg);
    }
    size_t nwarn = w.count;
    pack_import_warnings_free(&w);
    if (!bank) return app_fail_diag(a, d.kind == PACK_DIAG_NO_INPUT ? EX_NOINPUT : EX_DATAERR, &d);

    int code = import_mkdir(a, out);
    char path[4096];
    snprintf(path, sizeof path, "%s/questions", out);
    if (!code) code = import_mkdir(a, path);
    snprintf(path, sizeof path, "%s/questions/%s.json", out, stem);
    struct stat st;
    if (!code && !force && stat(path, &st) == 0)
        code = app_fail(a, EX_CANTCREAT, "%s exists; use --force to replace it", path);
    if (!code) code = import_write_json(a, path, bank);
    char manifest[4096];
    snprintf(manifest, sizeof manifest, "%s/pack.json", out);
    if (!code && stat(manifest, &st) != 0) {
        char id[128];
        import_stem(out, id, sizeof id);
        if (id[0] == '-' || id[0] == '_') id[0] = 'p';
        json_t *m = json_pack("{s:s,s:s,s:s,s:s}", "id", id, "title", stem, "version", "0.1.0",
                              "description", "Questions imported by bdw pack import.");
        code = import_write_json(a, manifest, m);
        json_decref(m);
    }
    size_t n = json_array_size(json_object_get(bank, "questions"));
    json_decref(bank);
    if (code) return code;
    if (a->json) {
        json_t *doc = json_pack("{s:s,s:s,s:i,s:i}", "file", file, "out", path, "questions", (int)n,
                                "warnings", (int)nwarn);
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(doc);
    } else {
        printf("%s: %zu question(s) imported into %s (%zu warning(s))\n", file, n, path, nwarn);
    }
    return 0;
}
