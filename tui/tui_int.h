#ifndef TUI_TUI_INT_H
#define TUI_TUI_INT_H

/* What the screens of the terminal app share: the curses handle, the
 * options (packs, store, session), and how to repaint the screen beneath a
 * modal box. One of these lives on tui_run's stack; there is no global. */

#include <stdint.h>

#include "learn/quiz_run.h"
#include "lua/scenario.h"
#include "pack/pack.h"
#include "tui/crt.h"
#include "tui/tui.h"
#include "tui/widgets.h"

typedef struct tui {
    crt *crt;
    const tui_options *opts;
    tui_paint_fn paint; /* the screen under a dialog opened from home */
    void *paint_ud;
} tui;

/* The home screen's loop; returns the exit code of the app. */
int tui_home(tui *t);
/* Plays a scenario (offering to resume an unfinished attempt), storing each
 * answer as it is given. */
void tui_play(tui *t, const pack *p, const pack_file *f, const scn_meta *meta);
/* A quiz from the pack's banks: practice (TUI_QUIZ_COUNT questions), a
 * mock exam by the blueprint bp (timed by its minutes), or a review of up
 * to TUI_REVIEW_COUNT questions that are due. */
#define TUI_QUIZ_COUNT 10
#define TUI_REVIEW_COUNT 20
void tui_quiz(tui *t, const pack *p, quiz_mode mode, const pack_blueprint *bp);
/* The progress screen: every attempt, and totals per pack. */
void tui_progress(tui *t);

/* A seed from the real clock, small enough to type back into bdw play. */
uint64_t tui_fresh_seed(void);

#endif
