#ifndef SIM_LOGGEN_H
#define SIM_LOGGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/clock.h"
#include "sim/status.h"

/* The course's LogGenerator.py, simulated: it appends order lines shaped
 * like the Online Retail dataset (InvoiceNo, StockCode, Description,
 * Quantity, InvoiceDate, UnitPrice, CustomerID, Country) to a new file
 * /var/log/cadabra/YYYYMMDD-HHMMSS.log, continuing from the line where the
 * last run stopped (the script's LastLine.txt).
 *
 * Line n of the data set is a pure function of (seed, n), so the files take
 * no memory and any line can be regenerated: the same seed gives the same
 * lines, byte for byte. Files are written instantly, as the script does,
 * unless a rate is given.
 *
 * A loggen made with a budget (the script's, sim/budget.h) keeps its memory
 * under the budget's cap and charges it for the lines it makes one by one
 * (loggen_line) and for each file it writes. The cursor, loggen_line_next,
 * charges nothing: it is the Kinesis Agent's hot path, and the agent
 * charges its reads in runs. */
typedef struct loggen loggen;

typedef struct loggen_config {
    uint64_t seed;
    const char *dir;         /* default "/var/log/cadabra" */
    double lines_per_second; /* 0 = all lines at once */
    sim_budget *budget;      /* the script's work and memory; NULL = unlimited, uncounted */
} loggen_config;

typedef struct loggen_file {
    char path[256];
    uint64_t first_line; /* data set line of the file's first line */
    uint64_t lines;
    int64_t created_ms;
    double rate; /* lines per second; 0 = instant */
} loggen_file;

loggen *loggen_new(const loggen_config *cfg, sim_clock *clock);
void loggen_free(loggen *g);
/* A loggen that can only make lines: g's data set (seed and tables) with
 * no files and no clock, for making lines again after g is gone (under g's
 * budget). */
loggen *loggen_data_set(const loggen *g);

/* ./LogGenerator.py N: returns the new file's index, or -1 with err set
 * (SIM_BUDGET_EXCEEDED and SIM_NO_MEMORY among the errors). */
int loggen_write(loggen *g, uint64_t lines, sim_error *err);
size_t loggen_file_count(const loggen *g);
const loggen_file *loggen_file_at(const loggen *g, size_t i);
/* Lines of a file present at `now` (all of them unless rate-limited). */
uint64_t loggen_lines_available(const loggen *g, size_t file, int64_t now);
/* When the next line of the file appears after `now`; INT64_MAX if done. */
int64_t loggen_next_line_ms(const loggen *g, size_t file, int64_t now);
/* The data set has 10^12 lines (about 125 billion invoices, dated up to
 * the year 480,000): loggen_write refuses to go past them, and loggen_line
 * makes nothing for n beyond. */
#define LOGGEN_MAX_LINES UINT64_C(1000000000000)

/* Writes data-set line n (0-based, with its '\n') into buf; returns its
 * length (lines are under 200 bytes; cap >= 256), or 0 when n is not a line
 * of the data set or the budget's work is spent. */
size_t loggen_line(const loggen *g, uint64_t n, char *buf, size_t cap);

/* The lines of one invoice share its number, date, customer and country. A
 * cursor keeps those parts of the last invoice it wrote, so that reading
 * lines in order (as the agent tails a file) makes them once per invoice.
 * The lines are the same bytes as loggen_line's. Start a cursor with
 * loggen_cursor_init; it is good for one loggen's data set. */
typedef struct loggen_cursor {
    uint64_t inv; /* the invoice whose parts are kept; UINT64_MAX for none */
    bool cancelled;
    uint8_t head_len, date_len, tail_len;
    char head[16]; /* [C]InvoiceNo, */
    char date[24]; /* InvoiceDate, */
    char tail[40]; /* CustomerID,Country\n */
} loggen_cursor;

void loggen_cursor_init(loggen_cursor *c);
size_t loggen_line_next(const loggen *g, loggen_cursor *c, uint64_t n, char *buf, size_t cap);
/* The data set's next line (LastLine.txt). */
uint64_t loggen_next_line(const loggen *g);

#endif
