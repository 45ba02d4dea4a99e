/* bdw report EXPORT.json... [--json]: a class report from learners' exports. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli/app.h"
#include "learn/report.h"

static void report_print(json_t *doc)
{
    printf("Class report: %lld export(s)\n\n",
           (long long)json_integer_value(json_object_get(doc, "exports")));
    printf("%-36s %8s %8s %9s %8s  %s\n", "scenario / quiz", "attempts", "learners", "completed",
           "success", "most-hit anti-patterns");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(doc, "items"), i, v)
    {
        char anti[256] = "";
        size_t k, used = 0;
        json_t *a;
        json_array_foreach(json_object_get(v, "top_antipatterns"), k, a)
        {
            int w = snprintf(anti + used, sizeof anti - used, "%s%s x%lld", used ? ", " : "",
                             json_string_value(json_object_get(a, "id")),
                             (long long)json_integer_value(json_object_get(a, "count")));
            if (w > 0 && (size_t)w < sizeof anti - used) used += (size_t)w;
        }
        printf("%-36.36s %8lld %8lld %9lld %7.0f%%  %s\n",
               json_string_value(json_object_get(v, "item")),
               (long long)json_integer_value(json_object_get(v, "attempts")),
               (long long)json_integer_value(json_object_get(v, "learners")),
               (long long)json_integer_value(json_object_get(v, "completed")),
               100 * json_real_value(json_object_get(v, "success_rate")), anti);
    }
    printf("\n%-36s %8s %8s %8s\n", "question", "answered", "correct", "success");
    json_array_foreach(json_object_get(doc, "questions"), i, v)
    {
        printf("%-36.36s %8lld %8lld %7.0f%%\n", json_string_value(json_object_get(v, "question")),
               (long long)json_integer_value(json_object_get(v, "answered")),
               (long long)json_integer_value(json_object_get(v, "correct")),
               100 * json_real_value(json_object_get(v, "success_rate")));
    }
    printf("\n%-24s %8s %9s %8s %10s\n", "learner", "attempts", "completed", "answers",
           "mean score");
    json_array_foreach(json_object_get(doc, "learners"), i, v)
    {
        printf("%-24.24s %8lld %9lld %8lld %9.0f%%\n",
               json_string_value(json_object_get(v, "learner")),
               (long long)json_integer_value(json_object_get(v, "attempts")),
               (long long)json_integer_value(json_object_get(v, "completed")),
               (long long)json_integer_value(json_object_get(v, "answers")),
               100 * json_real_value(json_object_get(v, "mean_score")));
    }
}

static int report_exec(app *a, int argc, char **argv)
{
    const char *files[256];
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            a->json = true;
        else if (strcmp(argv[i], "--help") == 0)
            return app_help(a, &cmd_report);
        else if (argv[i][0] == '-' && argv[i][1])
            return app_usage(a, &cmd_report);
        else if (nfiles < 256)
            files[nfiles++] = argv[i];
        else
            return app_fail(a, EX_USAGE, "at most 256 exports at once");
    }
    if (nfiles == 0) return app_usage(a, &cmd_report);
    report *r = report_new();
    if (!r) return app_fail(a, EX_OSERR, "out of memory");
    for (int i = 0; i < nfiles; i++) {
        pack_diag d = {0};
        if (!report_add_file(r, files[i], &d)) {
            report_free(r);
            return app_fail_diag(a, d.kind == PACK_DIAG_NO_INPUT ? EX_NOINPUT : EX_DATAERR, &d);
        }
    }
    json_t *doc = report_to_json(r);
    report_free(r);
    if (a->json) {
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
    } else {
        report_print(doc);
    }
    json_decref(doc);
    return 0;
}

const app_cmd cmd_report = {
    .name = "report",
    .usage = "report EXPORT.json... [--json]",
    .summary = "a class report from learners' exports (per scenario, question, learner)",
    .exec = report_exec,
};
