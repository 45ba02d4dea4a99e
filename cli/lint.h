#ifndef CLI_LINT_H
#define CLI_LINT_H

#include "cli/app.h"

/* bdw pack lint DIR: runs the pack and scenario checks and prints them. */
int lint_pack_dir(app *a, const char *dir);

#endif
