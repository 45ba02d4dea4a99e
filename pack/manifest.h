#ifndef PACK_MANIFEST_H
#define PACK_MANIFEST_H

/* The optional parts of pack.json: the course topics a pack teaches, its
 * exam blueprints, and explicit lists of its scenarios and question banks. */

#include <stdbool.h>
#include <stddef.h>

#include "pack/diag.h"
#include "pack/jsonfile.h"

typedef struct pack_topic {
    char *id;
    char *title;
} pack_topic;

/* A mock exam: how many questions, how long, and the share of each domain. */
typedef struct pack_blueprint {
    char *id;
    char *title;
    int count;
    int minutes; /* 0: untimed */
    char **domains;
    double *weights;
    size_t ndomains;
} pack_blueprint;

typedef struct pack_manifest_more {
    pack_topic *topics;
    size_t ntopics;
    pack_blueprint *blueprints;
    size_t nblueprints;
    char **scenario_list; /* file names without .lua, in order; NULL when not given */
    size_t nscenario_list;
    char **bank_list; /* file names without .json */
    size_t nbank_list;
} pack_manifest_more;

/* Reads the optional fields; on a problem fills d with its position. */
bool pack_manifest_more_read(pack_manifest_more *m, const pack_jfile *f, pack_diag *d);
void pack_manifest_more_free(pack_manifest_more *m);
const pack_topic *pack_manifest_topic(const pack_manifest_more *m, const char *id);
const pack_blueprint *pack_manifest_blueprint(const pack_manifest_more *m, const char *id);

#endif
