/* The Cadabra order log generator. */
#include "sim/loggen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Products as they appear in the Online Retail data set (UCI, Dec 2010 to
 * Dec 2011) that the course's OnlineRetail.csv holds. */
static const struct {
    const char *code, *desc;
    int pence;
} products[] = {
    {"85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 255},
    {"71053", "WHITE METAL LANTERN", 339},
    {"84406B", "CREAM CUPID HEARTS COAT HANGER", 275},
    {"84029G", "KNITTED UNION FLAG HOT WATER BOTTLE", 339},
    {"84029E", "RED WOOLLY HOTTIE WHITE HEART.", 339},
    {"22752", "SET 7 BABUSHKA NESTING BOXES", 765},
    {"21730", "GLASS STAR FROSTED T-LIGHT HOLDER", 425},
    {"22633", "HAND WARMER UNION JACK", 185},
    {"22632", "HAND WARMER RED POLKA DOT", 185},
    {"84879", "ASSORTED COLOUR BIRD ORNAMENT", 169},
    {"22745", "POPPY'S PLAYHOUSE BEDROOM", 210},
    {"22748", "POPPY'S PLAYHOUSE KITCHEN", 210},
    {"22749", "FELTCRAFT PRINCESS CHARLOTTE DOLL", 375},
    {"22310", "IVORY KNITTED MUG COSY", 165},
    {"84969", "BOX OF 6 ASSORTED COLOUR TEASPOONS", 425},
    {"22623", "BOX OF VINTAGE JIGSAW BLOCKS", 495},
    {"22622", "BOX OF VINTAGE ALPHABET BLOCKS", 995},
    {"21754", "HOME BUILDING BLOCK WORD", 595},
    {"21755", "LOVE BUILDING BLOCK WORD", 595},
    {"21777", "RECIPE BOX WITH METAL HEART", 795},
    {"48187", "DOORMAT NEW ENGLAND", 795},
    {"22960", "JAM MAKING SET WITH JARS", 425},
    {"22913", "RED COAT RACK PARIS FASHION", 495},
    {"22912", "YELLOW COAT RACK PARIS FASHION", 495},
    {"22914", "BLUE COAT RACK PARIS FASHION", 495},
    {"85099B", "JUMBO BAG RED RETROSPOT", 165},
    {"47566", "PARTY BUNTING", 465},
    {"20725", "LUNCH BAG RED RETROSPOT", 165},
    {"23084", "RABBIT NIGHT LIGHT", 208},
    {"22423", "REGENCY CAKESTAND 3 TIER", 1275},
    {"22197", "SMALL POPCORN HOLDER", 85},
    {"21212", "PACK OF 72 RETROSPOT CAKE CASES", 55},
    {"22386", "JUMBO BAG PINK POLKADOT", 195},
    {"22720", "SET OF 3 CAKE TINS PANTRY DESIGN", 495},
    {"22457", "NATURAL SLATE HEART CHALKBOARD", 295},
    {"22469", "HEART OF WICKER SMALL", 165},
    {"22470", "HEART OF WICKER LARGE", 295},
    {"21034", "REX CASH+CARRY JUMBO SHOPPER", 95},
    {"22086", "PAPER CHAIN KIT 50'S CHRISTMAS", 295},
    {"POST", "POSTAGE", 1800},
};

/* Countries weighted roughly as in the data set (mostly the UK). */
static const struct {
    const char *name;
    int weight;
} countries[] = {
    {"United Kingdom", 890},
    {"Germany", 20},
    {"France", 18},
    {"EIRE", 16},
    {"Spain", 6},
    {"Netherlands", 6},
    {"Belgium", 5},
    {"Switzerland", 5},
    {"Portugal", 4},
    {"Australia", 3},
    {"Norway", 3},
    {"Italy", 2},
    {"Channel Islands", 2},
    {"Finland", 2},
    {"Cyprus", 1},
    {"Sweden", 1},
    {"Austria", 1},
    {"Denmark", 1},
    {"Japan", 1},
    {"Poland", 1},
};

static const int quantities[] = {1, 1, 2, 2, 3, 4, 6, 6, 12, 12, 24, 8, 10, 36, 48, 2};

#define LINES_PER_INVOICE 8
/* 2010-12-01 08:26:00 UTC, the first InvoiceDate in the data set. */
#define FIRST_INVOICE_S INT64_C(1291191960)

struct loggen {
    uint64_t seed;
    char dir[200];
    double rate;
    sim_clock *clock;
    loggen_file *files;
    size_t nfiles, cap;
    uint64_t next_line;
    int country_total;
};

loggen *loggen_new(const loggen_config *cfg, sim_clock *clock)
{
    loggen *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->seed = cfg ? cfg->seed : 0;
    snprintf(g->dir, sizeof g->dir, "%s", cfg && cfg->dir ? cfg->dir : "/var/log/cadabra");
    g->rate = cfg && cfg->lines_per_second > 0 ? cfg->lines_per_second : 0;
    g->clock = clock;
    for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
        g->country_total += countries[i].weight;
    return g;
}

void loggen_free(loggen *g)
{
    if (!g) return;
    free(g->files);
    free(g);
}

int loggen_write(loggen *g, uint64_t lines, sim_error *err)
{
    if (lines < 1 || lines > UINT64_C(100000000)) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "lines must be between 1 and 100,000,000");
        return -1;
    }
    if (g->nfiles == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 4;
        loggen_file *nf = realloc(g->files, cap * sizeof *nf);
        if (!nf) {
            sim_fail(err, SIM_NO_MEMORY, "out of memory");
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

static char *put_uint(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_str(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
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

size_t loggen_line(const loggen *g, uint64_t n, char *buf, size_t cap)
{
    if (cap < 256) return 0;
    uint64_t inv = n / LINES_PER_INVOICE;
    uint64_t hi = mix(g->seed ^ mix(inv)), hl = mix(g->seed ^ mix(n ^ UINT64_C(0xC0FFEE)));
    bool cancelled = hi % 50 == 0;
    char *p = buf;
    if (cancelled) *p++ = 'C';
    p = put_uint(p, 536365 + inv);
    *p++ = ',';
    size_t np = sizeof products / sizeof products[0];
    int prod = (int)(hl % np);
    p = put_str(p, products[prod].code);
    *p++ = ',';
    p = put_str(p, products[prod].desc);
    *p++ = ',';
    int q = quantities[(hl >> 20) % (sizeof quantities / sizeof quantities[0])];
    if (cancelled) *p++ = '-';
    p = put_uint(p, (uint64_t)q);
    *p++ = ',';
    /* Invoices are about two minutes apart; M/D/YYYY H:MM as in the CSV. */
    int64_t t = FIRST_INVOICE_S + (int64_t)inv * 120 + (int64_t)(hi >> 58);
    int y, m, d;
    civil_from_days(t / 86400, &y, &m, &d);
    int mins = (int)(t % 86400 / 60);
    p = put_uint(p, (uint64_t)m);
    *p++ = '/';
    p = put_uint(p, (uint64_t)d);
    *p++ = '/';
    p = put_uint(p, (uint64_t)y);
    *p++ = ' ';
    p = put_uint(p, (uint64_t)(mins / 60));
    *p++ = ':';
    *p++ = (char)('0' + mins % 60 / 10);
    *p++ = (char)('0' + mins % 10);
    *p++ = ',';
    int pence = products[prod].pence;
    p = put_uint(p, (uint64_t)pence / 100);
    *p++ = '.';
    *p++ = (char)('0' + pence % 100 / 10);
    *p++ = (char)('0' + pence % 10);
    *p++ = ',';
    /* About a quarter of the data set's rows have no CustomerID. */
    if ((hi >> 8) % 4 != 0) p = put_uint(p, 12346 + (hi >> 12) % 5942);
    *p++ = ',';
    int w = (int)((hi >> 32) % (uint64_t)g->country_total);
    size_t c = 0;
    while (w >= countries[c].weight)
        w -= countries[c++].weight;
    p = put_str(p, countries[c].name);
    *p++ = '\n';
    return (size_t)(p - buf);
}
