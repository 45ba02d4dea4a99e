#ifndef CLI_PACK_CMDS_H
#define CLI_PACK_CMDS_H

#include "cli/app.h"

/* The `bdw pack` subcommands that live in files of their own. */
int pack_import_exec(app *a, int argc, char **argv);
int pack_new_exec(app *a, int argc, char **argv);

#endif
