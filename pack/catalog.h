#ifndef PACK_CATALOG_H
#define PACK_CATALOG_H

/* The anti-pattern catalog: what a learner is told when a choice embodies a
 * known mistake. Each pack may have an antipatterns.json; lookups search every
 * loaded pack, so a pack can reference the core catalog's ids. */

#include <stdbool.h>
#include <stddef.h>

#include "pack/diag.h"

typedef struct antipattern {
    char *id;
    char *service;
    char *title;
    char *why;
    char *instead;
    char *topic;
    char *pack; /* the pack that defined it */
} antipattern;

typedef struct catalog {
    antipattern *items;
    size_t count;
} catalog;

/* Adds the entries of an antipatterns.json; a missing file is no error. */
bool catalog_load(catalog *c, const char *path, const char *display, const char *pack_id,
                  pack_diag *d);
bool catalog_parse(catalog *c, const char *text, size_t len, const char *display,
                   const char *pack_id, pack_diag *d);
void catalog_free(catalog *c);
const antipattern *catalog_find(const catalog *c, const char *id);

#endif
