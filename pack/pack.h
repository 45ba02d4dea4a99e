#ifndef PACK_PACK_H
#define PACK_PACK_H

/* A pack is a folder: pack.json, scenarios/NAME.lua, questions/NAME.json and an
 * optional antipatterns.json. pack_load reads the manifest and finds the
 * files; scenarios are Lua and are read by lua/, not here. */

#include <stdbool.h>
#include <stddef.h>

#include "pack/catalog.h"
#include "pack/diag.h"
#include "pack/manifest.h"
#include "pack/question.h"

typedef struct pack_file {
    char *path;    /* to open */
    char *display; /* for messages: "core/scenarios/athena-cost.lua" */
    char *stem;    /* "athena-cost" */
} pack_file;

typedef struct pack {
    char *dir;
    char *folder; /* the folder's own name, e.g. "core" */
    char *id, *title, *version, *author, *license, *description, *min_bdw;
    pack_file *scenarios;
    size_t nscenarios;
    pack_file *banks;
    size_t nbanks;
    pack_manifest_more more;                     /* topics, blueprints, file lists */
    size_t nunlisted_scenarios, nunlisted_banks; /* files the lists leave out */
    /* Entries of scenarios/ and questions/ that are not regular files (a
     * FIFO, a folder, a broken link): left out of the lists; lint reports
     * each as an error. */
    pack_diag *refused;
    size_t nrefused;
} pack;

/* Reads DIR/pack.json and lists the pack's files. */
pack *pack_load(const char *dir, pack_diag *d);
/* Reads a manifest from memory (no files listed); for tests and the fuzzer. */
pack *pack_parse_manifest(const char *text, size_t len, const char *display, pack_diag *d);
void pack_free(pack *p);
const pack_file *pack_find_scenario(const pack *p, const char *stem);

/* Loads every question bank of the pack into bank. */
bool pack_load_questions(const pack *p, question_bank *bank, pack_diag *d);
/* Loads the pack's antipatterns.json (if any) into c. */
bool pack_load_catalog(const pack *p, catalog *c, pack_diag *d);

/* True when s is a valid id: lower-case letters, digits, '.', '-', '_',
 * starting with a letter or digit, 1 to 64 characters. */
bool pack_id_valid(const char *s);
/* True when s is a semantic version "MAJOR.MINOR.PATCH". */
bool pack_semver_valid(const char *s);
/* Compares two semantic versions: <0, 0, >0. */
int pack_semver_compare(const char *a, const char *b);

#endif
