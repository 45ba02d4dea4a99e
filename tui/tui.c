#include "tui/tui.h"

#include <stdio.h>
#include <sysexits.h>

int tui_run(const tui_options *opts)
{
    (void)opts;
    fprintf(stderr, "bdw: the terminal app is not built yet\n");
    return EX_SOFTWARE;
}
