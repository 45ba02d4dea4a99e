#ifndef SIM_GLUE_INTERNAL_H
#define SIM_GLUE_INTERNAL_H

/* Shared by glue.c (folders, tables, partitions, scans) and glue_schema.c
 * (what an object is). Nothing else includes this header. */

#include "sim/glue.h"

/* An object's (or a folder's) schema as the crawler compares them. */
typedef struct glue_sig {
    char classification[16];
    char compression[8];
    char **columns; /* NULL when unknown */
    size_t ncolumns;
} glue_sig;

/* Classifies one object and reads its columns when its bytes are kept. */
void glue_sig_of(const s3_object_info *o, glue_sig *out);
void glue_sig_free(glue_sig *s);
/* Same classification and compression, and columns that overlap by at
 * least 70% (Jaccard) unless either side is unknown. */
bool glue_sig_similar(const glue_sig *a, const glue_sig *b);
/* Adds b's columns that a lacks (a keeps its order); false when out of
 * memory. */
bool glue_sig_merge(glue_sig *a, const glue_sig *b);
bool glue_sig_copy(glue_sig *dst, const glue_sig *src);

/* Compares partition values: digit strings by number, others as strings. */
int glue_value_cmp(const char *a, const char *b);

#endif
