/* The shared work and memory budget of a script run (see budget.h). */
#include "sim/budget.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

struct sim_budget {
    uint64_t work_used, work_limit;
    uint64_t next_watch; /* work_used at which the watch is asked next */
    bool spent;
    size_t mem_used, mem_peak, mem_limit;
    bool refused;
    bool (*watch)(void *ud);
    void *watch_ud;
};

sim_budget *sim_budget_new(uint64_t work_limit, size_t memory_limit)
{
    sim_budget *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->work_limit = work_limit;
    b->mem_limit = memory_limit;
    b->next_watch = SIM_BUDGET_WATCH_EVERY;
    return b;
}

void sim_budget_free(sim_budget *b)
{
    free(b);
}

bool sim_budget_charge(sim_budget *b, uint64_t units)
{
    if (!b) return true;
    if (b->spent) return false;
    if (units > b->work_limit - b->work_used) {
        b->work_used = b->work_limit;
        b->spent = true;
        return false;
    }
    b->work_used += units;
    if (b->work_used >= b->next_watch) {
        b->next_watch = b->work_used + SIM_BUDGET_WATCH_EVERY;
        if (b->watch && !b->watch(b->watch_ud)) {
            b->spent = true;
            return false;
        }
    }
    return true;
}

bool sim_budget_charge_n(sim_budget *b, uint64_t n, uint64_t units)
{
    if (units && n > UINT64_MAX / units) return sim_budget_charge(b, UINT64_MAX);
    return sim_budget_charge(b, n * units);
}

bool sim_budget_spent(const sim_budget *b)
{
    return b && b->spent;
}

void sim_budget_stop(sim_budget *b)
{
    if (b) b->spent = true;
}

uint64_t sim_budget_work_used(const sim_budget *b)
{
    return b ? b->work_used : 0;
}
uint64_t sim_budget_work_limit(const sim_budget *b)
{
    return b ? b->work_limit : UINT64_MAX;
}

void sim_budget_set_watch(sim_budget *b, bool (*watch)(void *ud), void *ud)
{
    b->watch = watch;
    b->watch_ud = ud;
}

bool sim_budget_take(sim_budget *b, size_t n)
{
    if (!b) return true;
    if (n > b->mem_limit || b->mem_used > b->mem_limit - n) {
        b->refused = true;
        return false;
    }
    sim_budget_force(b, n);
    return true;
}

void sim_budget_force(sim_budget *b, size_t n)
{
    if (!b) return;
    b->mem_used = n > SIZE_MAX - b->mem_used ? SIZE_MAX : b->mem_used + n;
    if (b->mem_used > b->mem_peak) b->mem_peak = b->mem_used;
}

void sim_budget_give(sim_budget *b, size_t n)
{
    if (b) b->mem_used = n > b->mem_used ? 0 : b->mem_used - n;
}

size_t sim_budget_memory_used(const sim_budget *b)
{
    return b ? b->mem_used : 0;
}
size_t sim_budget_memory_peak(const sim_budget *b)
{
    return b ? b->mem_peak : 0;
}
size_t sim_budget_memory_limit(const sim_budget *b)
{
    return b ? b->mem_limit : SIZE_MAX;
}
bool sim_budget_memory_refused(const sim_budget *b)
{
    return b && b->refused;
}

/* Counts the block p that was allocated for n bytes (n already taken): the
 * C library may hand out more than asked, and what it hands out is what is
 * counted, so the rest is taken too; false (p freed) when that passes the
 * cap, so that the cap holds to the byte. */
static bool sim_budget_settle(sim_budget *b, void *p, size_t n)
{
    size_t u = malloc_usable_size(p);
    if (u > n && !sim_budget_take(b, u - n)) {
        sim_budget_give(b, n);
        free(p);
        return false;
    }
    if (u < n) sim_budget_give(b, n - u);
    return true;
}

void *sim_malloc(sim_budget *b, size_t n)
{
    if (!b) return malloc(n);
    if (!sim_budget_take(b, n)) return NULL;
    void *p = malloc(n);
    if (!p) {
        sim_budget_give(b, n);
        return NULL;
    }
    return sim_budget_settle(b, p, n) ? p : NULL;
}

void *sim_calloc(sim_budget *b, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    if (!b) return calloc(n, size);
    if (!sim_budget_take(b, n * size)) return NULL;
    void *p = calloc(n, size);
    if (!p) {
        sim_budget_give(b, n * size);
        return NULL;
    }
    return sim_budget_settle(b, p, n * size) ? p : NULL;
}

void *sim_realloc(sim_budget *b, void *p, size_t n)
{
    if (!b) return realloc(p, n);
    if (!p) return sim_malloc(b, n);
    if (n == 0) n = 1; /* realloc(p, 0) frees p in glibc; keep p valid */
    size_t old = malloc_usable_size(p);
    if (n > old && !sim_budget_take(b, n - old)) return NULL;
    void *q = realloc(p, n);
    if (!q) {
        if (n > old) sim_budget_give(b, n - old);
        return NULL;
    }
    /* Counted now: max(old, n). What the C library handed out is what
     * counts; when it rounds a grown block up past the cap, the block is
     * already moved and cannot be given back, so the few bytes are forced. */
    size_t counted = n > old ? n : old;
    size_t u = malloc_usable_size(q);
    if (u < counted)
        sim_budget_give(b, counted - u);
    else if (u > counted && !sim_budget_take(b, u - counted))
        sim_budget_force(b, u - counted);
    return q;
}

void *sim_reallocarray(sim_budget *b, void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    return sim_realloc(b, p, n * size);
}

char *sim_strndup(sim_budget *b, const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = sim_malloc(b, len + 1);
    if (!d) return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *sim_strdup(sim_budget *b, const char *s)
{
    return sim_strndup(b, s, strlen(s));
}

void sim_free(sim_budget *b, void *p)
{
    if (!p) return;
    if (b) sim_budget_give(b, malloc_usable_size(p));
    free(p);
}
