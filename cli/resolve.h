#ifndef CLI_RESOLVE_H
#define CLI_RESOLVE_H

#include "lua/scenario.h"
#include "pack/packset.h"

/* Finds "PACK/SCENARIO": PACK by id or folder name, SCENARIO by file name
 * (without .lua) or by the id its file declares. Fills meta on success. */
const pack_file *resolve_scenario(const pack_set *set, const char *ref, const pack **out_pack,
                                  scn_meta *meta, char *why, size_t why_cap);

#endif
