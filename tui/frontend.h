#ifndef TUI_FRONTEND_H
#define TUI_FRONTEND_H

/* learn/frontend.h's front end, drawn with curses for a person: a transcript
 * of what the scenario (or quiz) said and showed, scrolling above the
 * current question, which is a menu, a line editor or a pause. q or Esc in
 * a question asks whether to leave; leaving returns FE_QUIT and keeps every
 * answer given so far. */

#include "learn/frontend.h"
#include "tui/crt.h"

typedef struct tui_fe tui_fe;

/* what names the activity in the "leave?" question: "scenario", "quiz". */
tui_fe *tui_fe_new(crt *c, const char *title, const char *what);
void tui_fe_free(tui_fe *f);
frontend tui_fe_frontend(tui_fe *f);
/* Adds a line of the program's own (not the scenario's) to the transcript. */
void tui_fe_note(tui_fe *f, crt_role role, const char *text);
/* A timed exam of ms milliseconds from now: the title bar counts down, and
 * a question still open when the time is up returns FE_TIMEOUT. The
 * debrief stops the clock. */
void tui_fe_set_deadline(tui_fe *f, int64_t ms);

#endif
