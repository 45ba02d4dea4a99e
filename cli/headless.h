#ifndef CLI_HEADLESS_H
#define CLI_HEADLESS_H

/* The front end without a terminal: answers come one per line from a file
 * (or standard input), and what the scenario says goes to standard output as
 * text, or is collected as JSON events for --json. */

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "learn/frontend.h"

/* An answer line is at most 64 KiB, and an answers stream at most 16 MiB:
 * more is not an answers file (EX_DATAERR at its line). */
#define HEADLESS_LINE_MAX (64 * 1024)
#define HEADLESS_TOTAL_MAX (16 * 1024 * 1024)

typedef struct headless {
    FILE *in;
    const char *in_name; /* for messages: the file name, or "-" */
    bool owns_in;
    bool interactive; /* a person at a terminal: prompts, and asked again */
    int line;         /* the line of the last answer read */
    int col;          /* the column (in characters) of what was wrong in it */
    json_t *events;   /* --json: every event, in order; NULL for text */
    FILE *out;
    char error[512]; /* why the last answer could not be read, or the answers opened */
    char *linebuf;   /* HEADLESS_LINE_MAX + 1 bytes */
    size_t total;    /* bytes read so far */
} headless;

/* Opens the answers: path "-" (or NULL) is standard input; a named path may
 * be a regular file, a FIFO or pipe, or a character device (a terminal,
 * /dev/null). Returns false, with the reason in h->error (naming the path),
 * when it cannot be opened or is a folder or a block device (EX_NOINPUT). */
bool headless_open(headless *h, const char *path, bool json);
void headless_close(headless *h);
frontend headless_frontend(headless *h);
/* Prints a "name:line:column: message" for the last unreadable answer. */
void headless_describe_error(const headless *h, char *buf, size_t cap);

#endif
