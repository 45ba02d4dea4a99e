#ifndef CLI_LINT_H
#define CLI_LINT_H

#include "cli/app.h"
#include "lua/scenario_explore.h"

/* bdw pack lint DIR: runs the pack and scenario checks and prints them. */
int lint_pack_dir(app *a, const char *dir, const scn_explore_budget *budget);

#endif
