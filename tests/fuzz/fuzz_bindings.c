/* Fuzz target for the Lua bindings (aws.*, clock, size): the input bytes are
 * turned into a Lua program that calls every constructor and method with
 * hostile arguments, and the program is run in the real sandbox (lhost) with
 * a small budget. A script may fail (an error result is fine); what must
 * never happen is a crash, a sanitizer report, a leak, an abort or a run
 * that does not stop quickly.
 *
 * The API is discovered, not listed here: once, from a fresh host, the
 * functions of every table under `aws` and of `clock` and `size`, and for
 * every registry metatable whose name starts with "bdw." the methods of its
 * __index table. A binding added later is fuzzed without editing this file.
 *
 * Each run the host's sandbox gets three extra globals (and __fz_trace,
 * __fz_nodrop for the switches below):
 *  - __fz_methods: every discovered method, by number (a script can take
 *    any of them from an object of that type: `stream.put_record`), so a
 *    program can call one type's method on another type's object;
 *  - __fz_bytype: type name -> numbers of that type's methods;
 *  - __fz_typeof(v): the metatable's __name of a userdata, read raw.
 * None of them gives a script anything it could not reach by itself.
 *
 * The program (see fz_prelude and fz_statement):
 *  - keeps every userdata a call returns in O, every other result in a ring
 *    R (archive IDs, iterators, shard IDs, jobs come back as arguments);
 *  - calls constructors with option tables whose field names come from the
 *    documented fields (docs/authoring.md) and whose values come from a pool
 *    of hostile values: boundary numbers, NaN, infinities, embedded NULs, a
 *    70 KB string, domain words, objects of every type, functions,
 *    coroutines, tables with an __index that returns fresh strings (and
 *    collects garbage), raises, or hands over the last reference to an
 *    object, tables whose __len is 2^62;
 *  - calls methods on objects, mostly of the object's own type, sometimes
 *    any type's method on any object or value (a wrong self must be
 *    refused);
 *  - drops the last reference to an object and allocates until the
 *    collector finds it unreachable (a weak-valued table loses it), then
 *    calls methods on it while a weak-keyed table still holds it, round
 *    after round with garbage between, until its __gc has run and the
 *    next cycle clears it: a closed object must be refused, never used;
 *  - runs methods inside coroutines that hold an object, resumed (or
 *    closed) later, and tries to arm finalizers that would call methods
 *    on every object when the host closes (the sandbox refuses __gc
 *    today; the attempt keeps that refusal tested).
 * Every call is wrapped in pcall, so one refusal does not end the run.
 * The bytes are read as up to FZ_MAX_STATEMENTS statements, each an opcode
 * byte and its operands (fz_statement, fz_value), so every input makes a
 * program that parses; the run has 2,000,000 instructions and 32 MB.
 *
 * FUZZ_BINDINGS_PRINT=1 prints each generated program and how it ended to
 * stderr; FUZZ_BINDINGS_TRACE=1 prints what each call returned;
 * FUZZ_BINDINGS_NODROP="bdw.x.y bdw.z.w" never drops objects of those types
 * (to look past a known closed-object bug while it is being fixed);
 * FUZZ_BINDINGS_SKIP="bdw.kinesis.stream.produce ..." replaces those methods
 * with a stub (to look past a known slow call);
 * FUZZ_BINDINGS_TABLES=1 prints the tables the bytes index (discovered
 * functions and methods, fields, values), from which gen_bindings_corpus.py
 * beside this file writes the seed corpus (tests/fuzz/corpus/bindings/):
 * re-run it when a binding is added, since the numbers follow the sorted
 * names. */
#include <lauxlib.h>
#include <lua.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua/host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- the discovered API (the only static state) ------------------------- */

#define FZ_MAX_FUNCS 256
#define FZ_MAX_TYPES 64
#define FZ_MAX_METHODS 768
#define FZ_NAME 64

typedef struct fz_func {
    char table[FZ_NAME];         /* "aws.kinesis", "clock" */
    char name[FZ_NAME];          /* "stream" */
    char text[2 * FZ_NAME + 16]; /* aws["kinesis"]["stream"] */
} fz_func;

typedef struct fz_method {
    int type;
    char name[FZ_NAME];
} fz_method;

typedef struct fz_api {
    bool ready;
    int nfuncs;
    fz_func funcs[FZ_MAX_FUNCS];
    int ntypes;
    char types[FZ_MAX_TYPES][FZ_NAME];
    int nmethods;
    fz_method methods[FZ_MAX_METHODS];
} fz_api;

static fz_api fz;

/* A string key at idx usable as a name in the program's text. */
static bool fz_name_ok(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TSTRING) return false;
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    if (len == 0 || len >= FZ_NAME) return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < 0x20 || s[i] > 0x7e || s[i] == '"' || s[i] == '\\') return false;
    return true;
}

/* Adds the functions of the table on top of the stack, named `table`. */
static void fz_add_funcs(lua_State *L, const char *table, const char *text)
{
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TFUNCTION &&
            fz_name_ok(L, -2) && fz.nfuncs < FZ_MAX_FUNCS) {
            fz_func *f = &fz.funcs[fz.nfuncs++];
            snprintf(f->table, sizeof f->table, "%s", table);
            const char *name = lua_tostring(L, -2);
            snprintf(f->name, sizeof f->name, "%s", name);
            snprintf(f->text, sizeof f->text, "%s[\"%s\"]", text, name);
        }
        lua_pop(L, 1);
    }
}

static int fz_cmp_func(const void *a, const void *b)
{
    const fz_func *x = a, *y = b;
    int c = strcmp(x->table, y->table);
    return c ? c : strcmp(x->name, y->name);
}

static int fz_cmp_type(const void *a, const void *b)
{
    return strcmp(a, b);
}

static int fz_cmp_method(const void *a, const void *b)
{
    const fz_method *x = a, *y = b;
    if (x->type != y->type) return x->type < y->type ? -1 : 1;
    return strcmp(x->name, y->name);
}

static void fz_discover(void)
{
    lhost_config cfg = {.seed = 1};
    lhost *h = lhost_new(&cfg);
    if (!h) abort();
    lua_State *L = lhost_state(h);
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    int env = lua_gettop(L);

    /* aws.<module>.<function> */
    lua_pushliteral(L, "aws");
    if (lua_rawget(L, env) == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TTABLE &&
                fz_name_ok(L, -2)) {
                char table[FZ_NAME], text[FZ_NAME + 16];
                snprintf(table, sizeof table, "aws.%s", lua_tostring(L, -2));
                snprintf(text, sizeof text, "aws[\"%s\"]", lua_tostring(L, -2));
                fz_add_funcs(L, table, text);
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    static const char *const globals[] = {"clock", "size"};
    for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++) {
        lua_pushstring(L, globals[i]);
        if (lua_rawget(L, env) == LUA_TTABLE) fz_add_funcs(L, globals[i], globals[i]);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    qsort(fz.funcs, (size_t)fz.nfuncs, sizeof fz.funcs[0], fz_cmp_func);

    /* Registry metatables "bdw.*" with an __index table of methods. */
    lua_pushnil(L);
    while (lua_next(L, LUA_REGISTRYINDEX)) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TTABLE && fz_name_ok(L, -2) &&
            strncmp(lua_tostring(L, -2), "bdw.", 4) == 0 && fz.ntypes < FZ_MAX_TYPES) {
            lua_pushliteral(L, "__index");
            if (lua_rawget(L, -2) == LUA_TTABLE)
                snprintf(fz.types[fz.ntypes++], FZ_NAME, "%s", lua_tostring(L, -3));
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    qsort(fz.types, (size_t)fz.ntypes, sizeof fz.types[0], fz_cmp_type);
    for (int t = 0; t < fz.ntypes; t++) {
        lua_getfield(L, LUA_REGISTRYINDEX, fz.types[t]);
        lua_pushliteral(L, "__index");
        lua_rawget(L, -2);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TFUNCTION &&
                fz_name_ok(L, -2) && fz.nmethods < FZ_MAX_METHODS) {
                fz_method *m = &fz.methods[fz.nmethods++];
                m->type = t;
                snprintf(m->name, sizeof m->name, "%s", lua_tostring(L, -2));
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 2);
    }
    qsort(fz.methods, (size_t)fz.nmethods, sizeof fz.methods[0], fz_cmp_method);
    lhost_free(h);
    /* Nothing found means the walk above no longer matches the host: a
     * target that fuzzes nothing must not pass quietly. */
    if (fz.nfuncs == 0 || fz.nmethods == 0) {
        fprintf(stderr, "fuzz_bindings: found %d functions and %d methods\n", fz.nfuncs,
                fz.nmethods);
        abort();
    }
    fz.ready = true;
}

static int fz_skipped(lua_State *L)
{
    return 0;
}

/* Whether "type.method" is named in the list (separated by spaces or commas). */
static bool fz_listed(const char *list, const char *type, const char *method)
{
    size_t tl = strlen(type), ml = strlen(method);
    for (const char *p = list ? list : ""; *p;) {
        size_t n = strcspn(p, " ,");
        if (n == tl + 1 + ml && memcmp(p, type, tl) == 0 && p[tl] == '.' &&
            memcmp(p + tl + 1, method, ml) == 0)
            return true;
        p += n;
        p += strspn(p, " ,");
    }
    return false;
}

static int fz_typeof(lua_State *L)
{
    if (lua_type(L, 1) != LUA_TUSERDATA || !lua_getmetatable(L, 1)) return 0;
    lua_pushliteral(L, "__name");
    if (lua_rawget(L, -2) != LUA_TSTRING) return 0;
    return 1;
}

/* Puts __fz_methods, __fz_bytype and __fz_typeof into the sandbox. */
static void fz_inject(lua_State *L, bool trace, const char *nodrop, const char *skip)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    int env = lua_gettop(L);
    lua_createtable(L, fz.nmethods, 0);
    lua_newtable(L);
    for (int i = 0; i < fz.nmethods; i++) {
        const fz_method *m = &fz.methods[i];
        lua_getfield(L, LUA_REGISTRYINDEX, fz.types[m->type]);
        lua_pushliteral(L, "__index");
        lua_rawget(L, -2);
        lua_pushstring(L, m->name);
        lua_rawget(L, -2);
        if (fz_listed(skip, fz.types[m->type], m->name)) {
            lua_pop(L, 1);
            lua_pushcfunction(L, fz_skipped);
        }
        lua_rawseti(L, env + 1, i + 1);
        lua_pop(L, 2);
        lua_pushstring(L, fz.types[m->type]);
        if (lua_rawget(L, env + 2) != LUA_TTABLE) {
            lua_pop(L, 1);
            lua_newtable(L);
            lua_pushstring(L, fz.types[m->type]);
            lua_pushvalue(L, -2);
            lua_rawset(L, env + 2);
        }
        lua_pushinteger(L, i + 1);
        lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
        lua_pop(L, 1);
    }
    lua_setfield(L, env, "__fz_bytype");
    lua_setfield(L, env, "__fz_methods");
    lua_pushcfunction(L, fz_typeof);
    lua_setfield(L, env, "__fz_typeof");
    lua_pushboolean(L, trace);
    lua_setfield(L, env, "__fz_trace");
    /* Type names (separated by spaces or commas) never dropped. */
    lua_newtable(L);
    for (const char *p = nodrop ? nodrop : ""; *p;) {
        size_t n = strcspn(p, " ,");
        if (n) {
            lua_pushlstring(L, p, n);
            lua_pushboolean(L, 1);
            lua_rawset(L, -3);
        }
        p += n;
        p += strspn(p, " ,");
    }
    lua_setfield(L, env, "__fz_nodrop");
    lua_pop(L, 1);
}

#include "fuzz_bindings_pools.h"

/* --- the generator ---------------------------------------------------------- */

#define FZ_MAX_STATEMENTS 64
#define FZ_MAX_PROGRAM ((size_t)256 << 10)

typedef struct fz_in {
    const uint8_t *p;
    size_t n;
} fz_in;

static unsigned fz_byte(fz_in *in)
{
    if (!in->n) return 0;
    in->n--;
    return *in->p++;
}

typedef struct fz_out {
    char *buf;
    size_t len, cap;
    bool full;
} fz_out;

__attribute__((format(printf, 2, 3))) static void fz_put(fz_out *o, const char *fmt, ...)
{
    if (o->full) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= o->cap - o->len) {
        o->full = true;
        o->buf[o->len] = '\0';
        return;
    }
    o->len += (size_t)n;
}

static void fz_value(fz_in *in, fz_out *o, int depth);

static void fz_fields_of(fz_in *in, fz_out *o, int depth)
{
    unsigned n = fz_byte(in) % 7;
    fz_put(o, "{");
    for (unsigned i = 0; i < n; i++) {
        unsigned f = fz_byte(in);
        const char *name = f < 128 ? fz_fields[f % FZ_COMMON] : fz_fields[f % FZ_NFIELDS];
        fz_put(o, "%s[\"%s\"] = ", i ? ", " : " ", name);
        fz_value(in, o, depth + 1);
    }
    fz_put(o, n ? " }" : "}");
}

static void fz_int(fz_in *in, fz_out *o)
{
    unsigned b = fz_byte(in);
    switch (b % 4) {
    case 0:
        fz_put(o, "%u", b >> 2);
        break;
    case 1:
        fz_put(o, "%u", fz_byte(in) * 1000u);
        break;
    case 2:
        fz_put(o, "-%u", b >> 2);
        break;
    default: {
        unsigned lo = fz_byte(in);
        fz_put(o, "%u", lo | fz_byte(in) << 8);
        break;
    }
    }
}

static void fz_value(fz_in *in, fz_out *o, int depth)
{
    unsigned kind = fz_byte(in) % 16;
    if (depth >= 4 && (kind == 9 || kind == 10 || kind == 11)) kind = 0;
    switch (kind) {
    case 3:
    case 4:
        fz_put(o, "%s", fz_strings[fz_byte(in) % FZ_NSTRINGS]);
        break;
    case 5:
        fz_int(in, o);
        break;
    case 6:
    case 7:
        fz_put(o, "obj(%u)", fz_byte(in));
        break;
    case 8:
        fz_put(o, "res(%u)", fz_byte(in));
        break;
    case 9:
        fz_fields_of(in, o, depth);
        break;
    case 10:
        fz_put(o, "setmetatable(");
        {
            unsigned hmt = fz_byte(in) % FZ_NHOSTILE + 1;
            fz_fields_of(in, o, depth);
            fz_put(o, ", H[%u])", hmt);
        }
        break;
    case 11: {
        unsigned n = fz_byte(in) % 5;
        fz_put(o, "{");
        for (unsigned i = 0; i < n; i++) {
            fz_put(o, i ? ", " : " ");
            fz_value(in, o, depth + 1);
        }
        fz_put(o, n ? " }" : "}");
        break;
    }
    case 12:
        fz_put(o, "M[%d]", (int)(fz_byte(in) % (unsigned)fz.nmethods) + 1);
        break;
    case 13:
        fz_put(o, "%s", fz.funcs[fz_byte(in) % (unsigned)fz.nfuncs].text);
        break;
    case 14: {
        unsigned s = fz_byte(in) % FZ_NSTRINGS;
        fz_put(o, "(%s .. %u)", fz_strings[s], fz_byte(in));
        break;
    }
    default:
        fz_put(o, "%s", fz_consts[fz_byte(in) % FZ_NCONSTS]);
        break;
    }
}

/* ", a1, a2": up to three arguments after self. */
static void fz_args(fz_in *in, fz_out *o)
{
    unsigned n = fz_byte(in) % 4;
    for (unsigned i = 0; i < n; i++) {
        fz_put(o, ", ");
        fz_value(in, o, 1);
    }
}

/* A constructor's arguments: mostly an option table, then a few values. */
static void fz_ctor_args(fz_in *in, fz_out *o)
{
    if (fz_byte(in) % 4)
        fz_fields_of(in, o, 1);
    else
        fz_value(in, o, 1);
    unsigned n = fz_byte(in) % 3;
    for (unsigned i = 0; i < n; i++) {
        fz_put(o, ", ");
        fz_value(in, o, 1);
    }
}

static int fz_method_index(fz_in *in)
{
    return (int)(fz_byte(in) % (unsigned)fz.nmethods) + 1;
}

static void fz_statement(fz_in *in, fz_out *o)
{
    unsigned op = fz_byte(in) % 16;
    switch (op) {
    case 0:
    case 1:
    case 2: /* a module function with an option table */
        fz_put(o, "call(%s, ", fz.funcs[fz_byte(in) % (unsigned)fz.nfuncs].text);
        fz_ctor_args(in, o);
        fz_put(o, ")\n");
        break;
    case 3:
    case 4:
    case 5:
    case 6: { /* a method of the object's own type */
        unsigned b = fz_byte(in);
        fz_put(o, "meth(%u, obj(%u)", b, fz_byte(in));
        fz_args(in, o);
        fz_put(o, ")\n");
        break;
    }
    case 7: /* any method, self any value */
        fz_put(o, "call(M[%d], ", fz_method_index(in));
        fz_value(in, o, 1);
        fz_args(in, o);
        fz_put(o, ")\n");
        break;
    case 8: { /* any method on any object */
        int m = fz_method_index(in);
        fz_put(o, "call(M[%d], obj(%u)", m, fz_byte(in));
        fz_args(in, o);
        fz_put(o, ")\n");
        break;
    }
    case 9: { /* drop, collect, then call methods on what the weak table holds */
        fz_put(o, "drop(%u, function(z)\n", fz_byte(in));
        fz_put(o, "  meth(%u, z", fz_byte(in));
        fz_args(in, o);
        fz_put(o, ")\n  call(M[%d], z", fz_method_index(in));
        fz_args(in, o);
        fz_put(o, ")\nend)\n");
        break;
    }
    case 10: { /* a coroutine that holds an object and calls a method per resume */
        unsigned b = fz_byte(in);
        unsigned ob = fz_byte(in);
        fz_put(o, "CO[#CO + 1] = coroutine.create(function(o)\n");
        fz_put(o, "  for n = 1, 3 do meth(%u + n, o", b);
        fz_args(in, o);
        fz_put(o, ") coroutine.yield() end\nend)\n");
        fz_put(o, "pcall(coroutine.resume, CO[#CO], obj(%u))\n", ob);
        break;
    }
    case 11: {
        unsigned b = fz_byte(in);
        fz_put(o, "resume(%u, %s)\n", b >> 2, b % 4 == 3 ? "true" : "false");
        break;
    }
    case 12: { /* a finalizer calling methods on every object, at a collection or at close */
        unsigned b = fz_byte(in);
        fz_put(o, "arm(function() for n = 1, #O do meth(%u + n, O[n]", b);
        fz_args(in, o);
        fz_put(o, ") end end)\n");
        break;
    }
    case 13: /* a module function with plain arguments */
        fz_put(o, "call(%s", fz.funcs[fz_byte(in) % (unsigned)fz.nfuncs].text);
        fz_args(in, o);
        fz_put(o, ")\n");
        break;
    case 14: { /* the same call a few times */
        unsigned n = fz_byte(in) % 8 + 1;
        unsigned b = fz_byte(in);
        fz_put(o, "for n = 1, %u do meth(%u, obj(%u)", n, b, fz_byte(in));
        fz_args(in, o);
        fz_put(o, ") end\n");
        break;
    }
    default:
        fz_put(o, "churn(%u)\n", fz_byte(in) * 8);
        break;
    }
}

static void fz_print(void *ud, const char *text, size_t len)
{
    (void)ud;
    fwrite(text, 1, len, stderr);
}

static void fz_print_tables(void)
{
    fprintf(stderr, "funcs %d\n", fz.nfuncs);
    for (int i = 0; i < fz.nfuncs; i++)
        fprintf(stderr, "func %d %s.%s\n", i, fz.funcs[i].table, fz.funcs[i].name);
    fprintf(stderr, "methods %d\n", fz.nmethods);
    for (int i = 0; i < fz.nmethods; i++)
        fprintf(stderr, "method %d %s %s\n", i + 1, fz.types[fz.methods[i].type],
                fz.methods[i].name);
    for (size_t i = 0; i < FZ_NFIELDS; i++)
        fprintf(stderr, "field %zu %s\n", i, fz_fields[i]);
    for (size_t i = 0; i < FZ_NCONSTS; i++)
        fprintf(stderr, "const %zu %s\n", i, fz_consts[i]);
    for (size_t i = 0; i < FZ_NSTRINGS; i++)
        fprintf(stderr, "string %zu %s\n", i, fz_strings[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fz.ready) {
        fz_discover();
        if (getenv("FUZZ_BINDINGS_TABLES")) fz_print_tables();
    }
    fz_out o = {.cap = FZ_MAX_PROGRAM};
    o.buf = malloc(o.cap);
    if (!o.buf) return 0;
    o.buf[0] = '\0';
    fz_put(&o, "%s", fz_prelude);
    fz_in in = {data, size};
    for (int i = 0; i < FZ_MAX_STATEMENTS && in.n && !o.full; i++) {
        size_t mark = o.len;
        fz_statement(&in, &o);
        if (o.full) { /* never run half a statement */
            o.len = mark;
            o.buf[mark] = '\0';
        }
    }
    if (getenv("FUZZ_BINDINGS_PRINT")) fprintf(stderr, "%s-- end\n", o.buf);

    bool trace = getenv("FUZZ_BINDINGS_TRACE") != NULL;
    lhost_config cfg = {
        .seed = 1,
        .memory_limit = (size_t)32 << 20,
        .instruction_limit = 2000000,
        .print = trace ? fz_print : NULL,
    };
    lhost *h = lhost_new(&cfg);
    if (!h) abort();
    fz_inject(lhost_state(h), trace, getenv("FUZZ_BINDINGS_NODROP"), getenv("FUZZ_BINDINGS_SKIP"));
    lhost_error err;
    bool ok = lhost_run(h, o.buf, o.len, "fuzz.lua", &err);
    if (getenv("FUZZ_BINDINGS_PRINT")) fprintf(stderr, "-- %s\n", ok ? "ok" : err.message);
    lhost_free(h);
    free(o.buf);
    return 0;
}
