#include "pack/template.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "pack/pack.h"

/* The files of a new pack. "%1$s" stands for the pack id. */
static const struct {
    const char *path;
    const char *text;
} template_files[] = {
    {"pack.json", "{\n"
                  "  \"id\": \"%1$s\",\n"
                  "  \"title\": \"My pack\",\n"
                  "  \"version\": \"0.1.0\",\n"
                  "  \"author\": \"Your name\",\n"
                  "  \"license\": \"CC-BY-4.0\",\n"
                  "  \"description\": \"One scenario and three questions to start from.\",\n"
                  "  \"bdw\": \"0.1.0\"\n"
                  "}\n"},
    {"scenarios/first.lua",
     "-- A first scenario: play it with\n"
     "--   bdw --packs DIR play %1$s/first\n"
     "return scenario {\n"
     "  id = \"%1$s.first\",\n"
     "  title = \"Price an Athena query\",\n"
     "  summary = \"What a query over a CSV table costs, and the cheaper layout.\",\n"
     "  domain = \"analytics\",\n"
     "  topics = { \"athena.cost\" },\n"
     "  difficulty = 1,\n"
     "  minutes = 3,\n"
     "\n"
     "  run = function(s)\n"
     "    s:say(\"A 500 GB CSV table with 10 columns; a report reads 2 of them.\")\n"
     "    local csv = aws.athena.cost { scanned = \"500GB\" }\n"
     "    s:choose(\"What does one run of the report cost?\", {\n"
     "      { string.format(\"$%%.2f\", csv.dollars), correct = true,\n"
     "        why = \"CSV is read whole: $5 per TB scanned.\" },\n"
     "      { string.format(\"$%%.2f\", csv.dollars / 5),\n"
     "        why = \"Only columnar formats skip the columns a query does not read.\" },\n"
     "    }, { id = \"price\" })\n"
     "    local pq = aws.athena.scan { size = \"500GB\", format = \"parquet\", columns = 10,\n"
     "                                 columns_read = 2 }\n"
     "    s:choose(\"The report runs every hour. What do you change?\", {\n"
     "      { \"Store the table as Parquet\", correct = true,\n"
     "        why = string.format(\"It then scans %%s per run.\", size.format(pq)) },\n"
     "      { \"Nothing: the cost is fine\", antipattern = \"%1$s.row-format-hourly\" },\n"
     "    }, { id = \"cheaper\" })\n"
     "  end,\n"
     "}\n"},
    {"questions/questions.json",
     "{\n"
     "  \"questions\": [\n"
     "    {\n"
     "      \"id\": \"%1$s.athena-price\",\n"
     "      \"topic\": \"athena.cost\",\n"
     "      \"prompt\": \"How does Athena charge for a query?\",\n"
     "      \"choices\": [\n"
     "        { \"text\": \"$5 per TB scanned, at least 10 MB per query\", \"correct\": true },\n"
     "        { \"text\": \"Per hour of cluster time\", \"why\": \"That is EMR.\" }\n"
     "      ],\n"
     "      \"explanation\": \"Athena is serverless and bills by the data a query scans.\"\n"
     "    },\n"
     "    {\n"
     "      \"id\": \"%1$s.minimum\",\n"
     "      \"topic\": \"athena.cost\",\n"
     "      \"prompt\": \"A query scans 1 MB. How many MB are billed?\",\n"
     "      \"type\": \"numeric\", \"answer\": 10, \"tolerance\": 0,\n"
     "      \"explanation\": \"Every query is billed for at least 10 MB.\"\n"
     "    },\n"
     "    {\n"
     "      \"id\": \"%1$s.columnar\",\n"
     "      \"topic\": \"athena.formats\",\n"
     "      \"prompt\": \"Which formats are columnar? (Choose all that apply.)\",\n"
     "      \"type\": \"multiple\",\n"
     "      \"choices\": [\n"
     "        { \"text\": \"Parquet\", \"correct\": true },\n"
     "        { \"text\": \"ORC\", \"correct\": true },\n"
     "        { \"text\": \"CSV\" }\n"
     "      ],\n"
     "      \"explanation\": \"Parquet and ORC store each column apart, so a query reads only "
     "what it uses.\"\n"
     "    }\n"
     "  ]\n"
     "}\n"},
    {"antipatterns.json",
     "{\n"
     "  \"antipatterns\": [\n"
     "    {\n"
     "      \"id\": \"%1$s.row-format-hourly\",\n"
     "      \"service\": \"Athena\",\n"
     "      \"topic\": \"athena.cost\",\n"
     "      \"title\": \"An hourly report over a row-format table\",\n"
     "      \"why\": \"Every run scans every column of every row, 24 times a day.\",\n"
     "      \"instead\": \"Convert the table to Parquet or ORC once, with a Glue job.\"\n"
     "    }\n"
     "  ]\n"
     "}\n"},
    {"README.md",
     "# %1$s\n\n"
     "A bdw pack. Check it, play it, and quiz on it:\n\n"
     "    bdw pack lint .\n"
     "    bdw --packs . play %1$s/first\n"
     "    bdw --packs . quiz --pack %1$s\n\n"
     "- `pack.json`: the pack's id (keep it stable: progress is keyed by it), title, version.\n"
     "- `scenarios/*.lua`: one scenario a file; see docs/authoring.md in bdw for the API.\n"
     "- `questions/*.json`: exam-style questions, each with an explanation.\n"
     "- `antipatterns.json`: this pack's anti-patterns (the core catalog's ids work too).\n"},
};

static bool template_mkdirs(const char *path, pack_diag *d)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
            pack_diag_set(d, buf, 0, 0, "cannot create: %s", strerror(errno));
            return false;
        }
        *p = '/';
    }
    return true;
}

static bool template_dir_usable(const char *dir, pack_diag *d)
{
    DIR *dp = opendir(dir);
    if (!dp) return true; /* created below */
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(dp)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) empty = false;
    closedir(dp);
    if (!empty) pack_diag_set(d, dir, 0, 0, "the folder is not empty; choose a new one");
    return empty;
}

bool pack_write_new(const char *dir, const char *id, pack_diag *d)
{
    if (!pack_id_valid(id)) {
        pack_diag_set(d, dir, 0, 0,
                      "'%s' cannot be a pack id: use 1-64 lower-case letters, digits, '.', '-' "
                      "or '_'",
                      id);
        return false;
    }
    if (!template_dir_usable(dir, d)) return false;
    for (size_t i = 0; i < sizeof template_files / sizeof template_files[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, template_files[i].path);
        if (!template_mkdirs(path, d)) return false;
        FILE *f = fopen(path, "wx");
        if (!f) {
            pack_diag_set(d, path, 0, 0, "cannot create: %s", strerror(errno));
            return false;
        }
        /* The texts use only %1$s and %%: the id is the one argument. */
        int w = fprintf(f, template_files[i].text, id);
        if (fclose(f) != 0 || w < 0) {
            pack_diag_set(d, path, 0, 0, "cannot write: %s", strerror(errno));
            return false;
        }
    }
    return true;
}
