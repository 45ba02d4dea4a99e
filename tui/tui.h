#ifndef TUI_TUI_H
#define TUI_TUI_H

/* The terminal app: home screen (packs, scenarios, quiz, progress), playing a
 * scenario, answering a quiz, and the progress screen. */

#include <stdbool.h>
#include <stdint.h>

#include "pack/packset.h"
#include "store/store.h"

typedef struct tui_options {
    bool no_color; /* --no-color; NO_COLOR (non-empty) is honoured too */
    pack_set *packs;
    store *db;
    int64_t session;
    const char *learner;
} tui_options;

/* Runs until the person quits; returns an exit code. The terminal is
 * restored on every way out: return, error, signal, crash. */
int tui_run(const tui_options *opts);

#endif
