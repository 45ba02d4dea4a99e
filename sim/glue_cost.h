#ifndef SIM_GLUE_COST_H
#define SIM_GLUE_COST_H

/* What Glue work costs the script's budget (sim/budget.h): a crawl (glue.c,
 * glue_table.c, glue_schema.c) and the scans of its tables (glue_scan.c).
 * Nothing outside sim/glue*.c includes this header.
 *
 * A unit is about one Lua VM instruction: 4 ns on the reference machine (the
 * project's 2-core x86-64 VM, where Lua 5.4 runs `x = x + i` at 3.9 ns an
 * instruction under a count hook). Each figure is the measured cost of one
 * piece of work divided by 4 ns, timed on a Release build (gcc 12 -O2)
 * (CPU time, best of 3, on a machine shared with other jobs) by crawling
 * buckets of 20 to 100,000 objects, 1 to 400 folders deep, metadata-only,
 * JSON (records, arrays, 5,000 keys) and CSV, and then checked with
 * bench/bench_sim_costs.c: whole crawls and scans read 4.1-5.8 ns a unit. */
enum {
    /* A crawl's fixed part: the include path, the catalog. */
    GLUE_COST_CRAWL = 100,
    /* An object listed: its key measured and split, its classification
     * from the name, its slot: 150 ns. */
    GLUE_COST_OBJECT = 40,
    /* A path component of an object's key copied (a malloc and a copy):
     * 40 ns. */
    GLUE_COST_PART = 10,
    /* Bytes searched for a newline or a comma per unit (memchr: 0.05 ns a
     * byte). */
    GLUE_MEMCHR_BYTES_PER_UNIT = 64,
    /* A byte of a first line parsed by jansson, and its tree freed: 13 ns
     * for a typical record, up to 37 ns for a line of empty objects (26
     * and 73 ns measured under load; bench_policy's parse, unloaded, is
     * 13-17 ns a byte with the compile). */
    GLUE_COST_JSON_BYTE = 5,
    /* Bytes of a CSV object's first two lines split into fields per unit
     * (1 ns a byte). */
    GLUE_FIELD_BYTES_PER_UNIT = 4,
    /* A column added to a schema (a malloc, lowercased): 40 ns, and the
     * columns it is compared with (or one schema's columns compared with
     * another's, for similarity), per unit: 2 ns a pair. */
    GLUE_COST_COLUMN = 10,
    GLUE_COLUMNS_PER_UNIT = 2,
    /* A file placed at one level of the folder tree: the folder found (its
     * name compared with the last one made), the file's index appended:
     * 12 ns. */
    GLUE_COST_TREE_STEP = 3,
    /* Folder or table names compared per unit (strcmp: 4 ns). A table's
     * name is looked for among those before it, paid for as far as the
     * search went. */
    GLUE_NAMES_PER_UNIT = 1,
    /* A table's fixed part (its name, location, classification), and each
     * of its files looked at per key for key names: 5 ns. */
    GLUE_COST_TABLE = 100,
    GLUE_COST_KEY_LOOK = 1,
    /* A partition key's values compared by the partitions' sort and
     * grouping (as numbers or strings: 12-15 ns; a table 120 keys deep,
     * 1,000 partitions: most of its crawl). */
    GLUE_COST_KEY_COMPARE = 3,
    /* A partition made: its values array, its location formatted: 200 ns,
     * besides its values and location parts (GLUE_COST_PART each). */
    GLUE_COST_PARTITION = 50,
    /* A scan estimate's fixed part, and partition values compared per unit
     * by its filter and listings (strcmp or a range check: 4 ns). */
    GLUE_COST_SCAN = 50,
    GLUE_VALUES_PER_UNIT = 1,
    /* jansson's tree while a first line is parsed, in bytes of heap per byte
     * of the line, taken from the memory budget for the parse only: at most
     * 78, for a line of empty objects (measured with mallinfo2: 46 for empty
     * arrays, 23 for one-character strings, 16 for numbers, 14 for an
     * object of short distinct keys). So a first line of 800 KB or more
     * does not fit the default 64 MiB. */
    GLUE_JSON_BYTES_PER_BYTE = 80,
};

#endif
