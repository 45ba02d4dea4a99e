/* The Cadabra order log generator. */
#include "sim/loggen.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sim/budget_fail.h"

/* What the loggen's work costs the script's budget (sim/budget.h), in
 * units of about one Lua VM instruction (4 ns on the reference machine, see
 * sim/kinesis_cost.h), measured with bench/bench_kinesis_costs.c on a
 * Release build. */
enum {
    /* A line made on its own, its invoice's parts made too (53 ns). */
    LOGGEN_COST_LINE = 13,
    /* A file written: its name made and checked (the check walks the
     * files before it, 0.5 ns each). */
    LOGGEN_COST_FILE = 60,
    LOGGEN_FILES_PER_UNIT = 8,
};

/* Products as they appear in the Online Retail data set (UCI, Dec 2010 to
 * Dec 2011) that the course's OnlineRetail.csv holds. The strings sit in
 * fixed arrays with their lengths beside them, so that a line is built with
 * fixed-size copies (the caller's 256 bytes leave room to over-copy) and
 * no strlen or library call. */
#define PRODUCT(code, desc, pence)                                                                 \
    {                                                                                              \
        code, desc, sizeof code - 1, sizeof desc - 1, pence                                        \
    }
static const struct {
    char code[8], desc[40];
    uint8_t code_len, desc_len;
    int pence;
} products[] = {
    PRODUCT("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 255),
    PRODUCT("71053", "WHITE METAL LANTERN", 339),
    PRODUCT("84406B", "CREAM CUPID HEARTS COAT HANGER", 275),
    PRODUCT("84029G", "KNITTED UNION FLAG HOT WATER BOTTLE", 339),
    PRODUCT("84029E", "RED WOOLLY HOTTIE WHITE HEART.", 339),
    PRODUCT("22752", "SET 7 BABUSHKA NESTING BOXES", 765),
    PRODUCT("21730", "GLASS STAR FROSTED T-LIGHT HOLDER", 425),
    PRODUCT("22633", "HAND WARMER UNION JACK", 185),
    PRODUCT("22632", "HAND WARMER RED POLKA DOT", 185),
    PRODUCT("84879", "ASSORTED COLOUR BIRD ORNAMENT", 169),
    PRODUCT("22745", "POPPY'S PLAYHOUSE BEDROOM", 210),
    PRODUCT("22748", "POPPY'S PLAYHOUSE KITCHEN", 210),
    PRODUCT("22749", "FELTCRAFT PRINCESS CHARLOTTE DOLL", 375),
    PRODUCT("22310", "IVORY KNITTED MUG COSY", 165),
    PRODUCT("84969", "BOX OF 6 ASSORTED COLOUR TEASPOONS", 425),
    PRODUCT("22623", "BOX OF VINTAGE JIGSAW BLOCKS", 495),
    PRODUCT("22622", "BOX OF VINTAGE ALPHABET BLOCKS", 995),
    PRODUCT("21754", "HOME BUILDING BLOCK WORD", 595),
    PRODUCT("21755", "LOVE BUILDING BLOCK WORD", 595),
    PRODUCT("21777", "RECIPE BOX WITH METAL HEART", 795),
    PRODUCT("48187", "DOORMAT NEW ENGLAND", 795),
    PRODUCT("22960", "JAM MAKING SET WITH JARS", 425),
    PRODUCT("22913", "RED COAT RACK PARIS FASHION", 495),
    PRODUCT("22912", "YELLOW COAT RACK PARIS FASHION", 495),
    PRODUCT("22914", "BLUE COAT RACK PARIS FASHION", 495),
    PRODUCT("85099B", "JUMBO BAG RED RETROSPOT", 165),
    PRODUCT("47566", "PARTY BUNTING", 465),
    PRODUCT("20725", "LUNCH BAG RED RETROSPOT", 165),
    PRODUCT("23084", "RABBIT NIGHT LIGHT", 208),
    PRODUCT("22423", "REGENCY CAKESTAND 3 TIER", 1275),
    PRODUCT("22197", "SMALL POPCORN HOLDER", 85),
    PRODUCT("21212", "PACK OF 72 RETROSPOT CAKE CASES", 55),
    PRODUCT("22386", "JUMBO BAG PINK POLKADOT", 195),
    PRODUCT("22720", "SET OF 3 CAKE TINS PANTRY DESIGN", 495),
    PRODUCT("22457", "NATURAL SLATE HEART CHALKBOARD", 295),
    PRODUCT("22469", "HEART OF WICKER SMALL", 165),
    PRODUCT("22470", "HEART OF WICKER LARGE", 295),
    PRODUCT("21034", "REX CASH+CARRY JUMBO SHOPPER", 95),
    PRODUCT("22086", "PAPER CHAIN KIT 50'S CHRISTMAS", 295),
    PRODUCT("POST", "POSTAGE", 1800),
};

/* Countries weighted roughly as in the data set (mostly the UK). */
#define COUNTRY(name, weight)                                                                      \
    {                                                                                              \
        name, sizeof name - 1, weight                                                              \
    }
static const struct {
    char name[16];
    uint8_t len;
    int weight;
} countries[] = {
    COUNTRY("United Kingdom", 890),
    COUNTRY("Germany", 20),
    COUNTRY("France", 18),
    COUNTRY("EIRE", 16),
    COUNTRY("Spain", 6),
    COUNTRY("Netherlands", 6),
    COUNTRY("Belgium", 5),
    COUNTRY("Switzerland", 5),
    COUNTRY("Portugal", 4),
    COUNTRY("Australia", 3),
    COUNTRY("Norway", 3),
    COUNTRY("Italy", 2),
    COUNTRY("Channel Islands", 2),
    COUNTRY("Finland", 2),
    COUNTRY("Cyprus", 1),
    COUNTRY("Sweden", 1),
    COUNTRY("Austria", 1),
    COUNTRY("Denmark", 1),
    COUNTRY("Japan", 1),
    COUNTRY("Poland", 1),
};

static const int quantities[] = {1, 1, 2, 2, 3, 4, 6, 6, 12, 12, 24, 8, 10, 36, 48, 2};

#define LINES_PER_INVOICE 8
/* 2010-12-01 08:26:00 UTC, the first InvoiceDate in the data set. */
#define FIRST_INVOICE_S INT64_C(1291191960)

struct loggen {
    uint64_t seed;
    sim_budget *budget;
    char dir[200];
    double rate;
    sim_clock *clock;
    loggen_file *files;
    size_t nfiles, cap;
    uint64_t next_line;
    uint32_t country_total;
    /* Lemire's "faster remainder" constant for country_total, and the
     * country of each unit of weight: a line picks its country with two
     * multiplications and a load instead of a division and a walk. */
    uint64_t country_magic;
    uint8_t country_of[1024];
};

loggen *loggen_new(const loggen_config *cfg, sim_clock *clock)
{
    sim_budget *b = cfg ? cfg->budget : NULL;
    loggen *g = sim_calloc(b, 1, sizeof *g);
    if (!g) return NULL;
    g->budget = b;
    g->seed = cfg ? cfg->seed : 0;
    snprintf(g->dir, sizeof g->dir, "%s", cfg && cfg->dir ? cfg->dir : "/var/log/cadabra");
    g->rate = cfg && cfg->lines_per_second > 0 ? cfg->lines_per_second : 0;
    g->clock = clock;
    for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
        for (int w = 0; w < countries[i].weight && g->country_total < sizeof g->country_of; w++)
            g->country_of[g->country_total++] = (uint8_t)i;
    g->country_magic = UINT64_MAX / g->country_total + 1;
    return g;
}

loggen *loggen_data_set(const loggen *g)
{
    loggen *d = sim_malloc(g->budget, sizeof *d);
    if (!d) return NULL;
    *d = *g;
    d->clock = NULL;
    d->files = NULL;
    d->nfiles = d->cap = 0;
    return d;
}

void loggen_free(loggen *g)
{
    if (!g) return;
    sim_free(g->budget, g->files);
    sim_free(g->budget, g);
}

int loggen_write(loggen *g, uint64_t lines, sim_error *err)
{
    if (lines < 1 || lines > UINT64_C(100000000)) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "lines must be between 1 and 100,000,000");
        return -1;
    }
    if (!g->clock) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "this loggen only makes lines (loggen_data_set)");
        return -1;
    }
    if (lines > LOGGEN_MAX_LINES - g->next_line) {
        sim_fail(err, SIM_INVALID_ARGUMENT,
                 "the data set has 10^12 lines and %llu of them are written already",
                 (unsigned long long)g->next_line);
        return -1;
    }
    if (!sim_budget_charge(g->budget, LOGGEN_COST_FILE + g->nfiles / LOGGEN_FILES_PER_UNIT)) {
        sim_fail_work(err, "writing log files");
        return -1;
    }
    if (g->nfiles == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 4;
        loggen_file *nf = sim_reallocarray(g->budget, g->files, cap, sizeof *nf);
        if (!nf) {
            sim_fail_memory(err, g->budget, "writing log file %zu", g->nfiles + 1);
            return -1;
        }
        g->files = nf;
        g->cap = cap;
    }
    int64_t now = sim_clock_now(g->clock);
    time_t t = (time_t)(now / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    loggen_file *f = &g->files[g->nfiles];
    memset(f, 0, sizeof *f);
    /* time.strftime("/var/log/cadabra/%Y%m%d-%H%M%S.log"); two runs in the
     * same second would share a name, so the second gets a suffix. */
    snprintf(f->path, sizeof f->path, "%s/%04d%02d%02d-%02d%02d%02d.log", g->dir, tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    for (size_t i = 0; i < g->nfiles; i++) {
        if (strcmp(g->files[i].path, f->path) == 0) {
            snprintf(f->path, sizeof f->path, "%s/%04d%02d%02d-%02d%02d%02d.%zu.log", g->dir,
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     g->nfiles);
            break;
        }
    }
    f->first_line = g->next_line;
    f->lines = lines;
    f->created_ms = now;
    f->rate = g->rate;
    g->next_line += lines;
    return (int)g->nfiles++;
}

size_t loggen_file_count(const loggen *g)
{
    return g->nfiles;
}

const loggen_file *loggen_file_at(const loggen *g, size_t i)
{
    return i < g->nfiles ? &g->files[i] : NULL;
}

uint64_t loggen_lines_available(const loggen *g, size_t file, int64_t now)
{
    const loggen_file *f = loggen_file_at(g, file);
    if (!f || now < f->created_ms) return 0;
    if (f->rate <= 0) return f->lines;
    double n = (double)(now - f->created_ms) / 1000.0 * f->rate + 1;
    return n >= (double)f->lines ? f->lines : (uint64_t)n;
}

int64_t loggen_next_line_ms(const loggen *g, size_t file, int64_t now)
{
    const loggen_file *f = loggen_file_at(g, file);
    if (!f) return INT64_MAX;
    uint64_t have = loggen_lines_available(g, file, now);
    if (have >= f->lines) return INT64_MAX;
    if (now < f->created_ms) return f->created_ms;
    /* Line k (0-based) appears at created + k / rate seconds. */
    int64_t t = f->created_ms + (int64_t)((double)have * 1000.0 / f->rate + 0.999);
    return t > now ? t : now + 1;
}

uint64_t loggen_next_line(const loggen *g)
{
    return g->next_line;
}

static uint64_t mix(uint64_t x)
{
    /* splitmix64's finaliser: a good hash of the line number and seed. */
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

/* "00" to "99": numbers are written two digits at a time. */
static const char digits2[201] = "0001020304050607080910111213141516171819"
                                 "2021222324252627282930313233343536373839"
                                 "4041424344454647484950515253545556575859"
                                 "6061626364656667686970717273747576777879"
                                 "8081828384858687888990919293949596979899";

static char *put_uint(char *p, uint64_t v)
{
    int n = 1;
    for (uint64_t t = 10; n < 20 && v >= t; t *= 10)
        n++;
    char *e = p + n;
    while (v >= 100) {
        e -= 2;
        memcpy(e, digits2 + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10)
        memcpy(e - 2, digits2 + 2 * v, 2);
    else
        e[-1] = (char)('0' + v);
    return p + n;
}

/* Numbers under 100: the quantities, dates, hours and pounds. */
static char *put_small(char *p, unsigned v)
{
    if (v < 10) {
        *p = (char)('0' + v);
        return p + 1;
    }
    memcpy(p, digits2 + 2 * v, 2);
    return p + 2;
}

/* x % d for a 32-bit x, given magic = UINT64_MAX / d + 1 (Lemire, Kaser
 * and Kurz, "Faster remainder by direct computation", 2019). */
static uint32_t fastmod_u32(uint32_t x, uint64_t magic, uint32_t d)
{
    uint64_t low = magic * x;
    __extension__ typedef unsigned __int128 u128;
    return (uint32_t)(((u128)low * d) >> 64);
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm): no
 * gmtime call per line. */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

void loggen_cursor_init(loggen_cursor *c)
{
    c->inv = UINT64_MAX;
}

/* Makes the parts of invoice `inv` that all its lines share. */
static void invoice_parts(const loggen *g, uint64_t inv, loggen_cursor *c)
{
    uint64_t hi = mix(g->seed ^ mix(inv));
    c->inv = inv;
    c->cancelled = hi % 50 == 0;
    char *p = c->head;
    if (c->cancelled) *p++ = 'C';
    p = put_uint(p, 536365 + inv);
    *p++ = ',';
    c->head_len = (uint8_t)(p - c->head);
    /* Invoices are about two minutes apart; M/D/YYYY H:MM as in the CSV. */
    int64_t t = FIRST_INVOICE_S + (int64_t)inv * 120 + (int64_t)(hi >> 58);
    int y, m, d;
    civil_from_days(t / 86400, &y, &m, &d);
    int mins = (int)(t % 86400 / 60);
    p = c->date;
    p = put_small(p, (unsigned)m);
    *p++ = '/';
    p = put_small(p, (unsigned)d);
    *p++ = '/';
    p = put_uint(p, (uint64_t)y);
    *p++ = ' ';
    p = put_small(p, (unsigned)(mins / 60));
    *p++ = ':';
    *p++ = (char)('0' + mins % 60 / 10);
    *p++ = (char)('0' + mins % 10);
    *p++ = ',';
    c->date_len = (uint8_t)(p - c->date);
    /* About a quarter of the data set's rows have no CustomerID. */
    p = c->tail;
    if ((hi >> 8) % 4 != 0) p = put_uint(p, 12346 + (hi >> 12) % 5942);
    *p++ = ',';
    uint32_t w = fastmod_u32((uint32_t)(hi >> 32), g->country_magic, g->country_total);
    size_t k = g->country_of[w];
    memcpy(p, countries[k].name, sizeof countries[k].name);
    p += countries[k].len;
    *p++ = '\n';
    c->tail_len = (uint8_t)(p - c->tail);
}

size_t loggen_line_next(const loggen *g, loggen_cursor *c, uint64_t n, char *buf, size_t cap)
{
    if (cap < 256 || n >= LOGGEN_MAX_LINES) return 0;
    uint64_t inv = n / LINES_PER_INVOICE;
    if (c->inv != inv) invoice_parts(g, inv, c);
    uint64_t hl = mix(g->seed ^ mix(n ^ UINT64_C(0xC0FFEE)));
    /* The parts are copied whole (the caller's 256 bytes leave room), then
     * the line goes on from where each really ends. */
    char *p = buf;
    memcpy(p, c->head, sizeof c->head);
    p += c->head_len;
    size_t np = sizeof products / sizeof products[0];
    int prod = (int)(hl % np);
    memcpy(p, products[prod].code, sizeof products[prod].code);
    p += products[prod].code_len;
    *p++ = ',';
    memcpy(p, products[prod].desc, sizeof products[prod].desc);
    p += products[prod].desc_len;
    *p++ = ',';
    int q = quantities[(hl >> 20) % (sizeof quantities / sizeof quantities[0])];
    if (c->cancelled) *p++ = '-';
    p = put_small(p, (unsigned)q);
    *p++ = ',';
    memcpy(p, c->date, sizeof c->date);
    p += c->date_len;
    int pence = products[prod].pence;
    p = put_small(p, (unsigned)pence / 100);
    *p++ = '.';
    *p++ = (char)('0' + pence % 100 / 10);
    *p++ = (char)('0' + pence % 10);
    *p++ = ',';
    memcpy(p, c->tail, sizeof c->tail);
    p += c->tail_len;
    return (size_t)(p - buf);
}

size_t loggen_line(const loggen *g, uint64_t n, char *buf, size_t cap)
{
    if (!sim_budget_charge(g->budget, LOGGEN_COST_LINE)) return 0;
    loggen_cursor c;
    loggen_cursor_init(&c);
    return loggen_line_next(g, &c, n, buf, cap);
}
