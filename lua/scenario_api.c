/* The object a scenario's run function receives: s:say, s:choose, s:number,
 * s:input, s:show, s:pause, s:hit, s:award. Each answered step is scored,
 * shown to the learner with its feedback, and passed to the on_step hook
 * before the scenario goes on. */
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/answer.h"
#include "lua/bind.h"
#include "lua/scenario_int.h"
#include "sim/utf8.h"

#define SCN_MAX_OPTIONS 26
#define SCN_MAX_ANTI 8
#define SCN_MAX_TRIES 5
#define SCN_ANSWER_CAP 65536
/* Points and expected answers are finite and of a sane size, so sums and
 * the store never see NaN or infinity. */
#define SCN_MAX_POINTS 1e6
#define SCN_MAX_ANSWER 1e300

static scn_ctx *scn_check(lua_State *L)
{
    scn_ctx **p = luaL_checkudata(L, 1, "bdw.scenario");
    if ((*p)->finished) {
        luaL_error(L, "the scenario has ended: s: methods cannot be called after run returns");
        return NULL;
    }
    return *p;
}

/* The front end's time (a learner thinking, the store writing) is not the
 * script's: the host's clock stops around it. */
#define SCN_FE(c, call)                                                                            \
    do {                                                                                           \
        lhost_pause((c)->host);                                                                    \
        call;                                                                                      \
        lhost_resume((c)->host);                                                                   \
    } while (0)

/* Stops the scenario: the error unwinds run(), and because every later call
 * raises again, a pcall in the script cannot keep it going. */
static int scn_stop(lua_State *L, scn_ctx *c, scn_status status, const char *msg)
{
    if (!c->stopping) {
        c->stopping = true;
        c->stop_status = status;
        if (msg) {
            lua_Debug ar;
            lhost_error *e = &c->stop_error;
            memset(e, 0, sizeof *e);
            snprintf(e->message, sizeof e->message, "%s", msg);
            if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
                snprintf(e->file, sizeof e->file, "%s", ar.short_src);
                e->line = ar.currentline;
            }
        }
    }
    return luaL_error(L, "scenario stopped (%s)", scn_status_name(c->stop_status));
}

const char *scn_text(lua_State *L, const char *s, const char *what)
{
    size_t bad = 0;
    if (s && !sim_utf8_valid(s, strlen(s), &bad)) {
        char msg[160]; /* lua_pushfstring knows no %02X */
        snprintf(msg, sizeof msg,
                 "%s is not valid UTF-8 (byte 0x%02X at character %zu): save the file as UTF-8",
                 what, (unsigned char)s[bad], sim_utf8_column(s, bad));
        luaL_error(L, "%s", msg);
    }
    return s;
}

/* An option's label at idx: a string without NUL (the table holds it). */
static const char *scn_label(lua_State *L, int idx)
{
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    if (strlen(s) != len) {
        luaL_error(L, "an option cannot contain a zero byte (NUL)");
        return NULL;
    }
    return s;
}

static scn_ctx *scn_begin(lua_State *L)
{
    scn_ctx *c = scn_check(L);
    if (c->stopping) scn_stop(L, c, c->stop_status, NULL);
    return c;
}

static bool scn_replaying(const scn_ctx *c)
{
    return c->replay_next < c->cfg->nreplay;
}

static void scn_say_styled(scn_ctx *c, fe_say_style style, const char *text)
{
    if (!scn_replaying(c) && c->fe.say) SCN_FE(c, c->fe.say(c->fe.ud, style, text));
}

static void scn_fe_status(lua_State *L, scn_ctx *c, fe_status st)
{
    switch (st) {
    case FE_OK:
        return;
    case FE_QUIT:
    case FE_TIMEOUT: /* scenarios are not timed; a front end that stops one has left */
        scn_stop(L, c, SCN_QUIT, NULL);
        return;
    case FE_EOF:
        scn_stop(L, c, SCN_OUT_OF_ANSWERS, "the answers ran out");
        return;
    case FE_BAD:
        scn_stop(L, c, SCN_BAD_ANSWER, "the answer could not be read");
        return;
    case FE_HINT:
        return; /* handled by the asking loops */
    }
}

/* --- anti-patterns and recording ---------------------------------------- */

typedef struct scn_hits {
    const char *ids[SCN_MAX_ANTI];
    size_t n;
} scn_hits;

/* Adds an id once (a step with several tries may meet it again). */
static void scn_hits_push(scn_hits *h, const char *id)
{
    if (!id) return;
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->ids[i], id) == 0) return;
    if (h->n < SCN_MAX_ANTI) h->ids[h->n++] = id;
}

static void scn_hits_add_value(lua_State *L, scn_hits *h, int idx)
{
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) == LUA_TSTRING) {
        scn_hits_push(h, scn_text(L, lua_tostring(L, idx), "an anti-pattern id"));
    } else if (lua_type(L, idx) == LUA_TTABLE) {
        for (lua_Integer i = 1; i <= SCN_MAX_ANTI; i++) {
            if (lua_rawgeti(L, idx, i) != LUA_TSTRING) {
                lua_pop(L, 1);
                break;
            }
            /* The string stays alive in the option table. */
            scn_hits_push(h, scn_text(L, lua_tostring(L, -1), "an anti-pattern id"));
            lua_pop(L, 1);
        }
    } else if (!lua_isnil(L, idx)) {
        luaL_error(L, "antipattern must be an id or a list of ids");
    }
}

static void scn_note_antipattern(scn_ctx *c, const char *id)
{
    scn_result *r = c->result;
    for (size_t i = 0; i < r->nantipatterns; i++)
        if (strcmp(r->antipatterns[i], id) == 0) return;
    char **grown = realloc(r->antipatterns, (r->nantipatterns + 1) * sizeof *grown);
    if (!grown) return;
    r->antipatterns = grown;
    r->antipatterns[r->nantipatterns++] = strdup(id);
}

/* Scores, tells the learner, and hands the step to the hook. */
static void scn_record(lua_State *L, scn_ctx *c, scn_step *st, const scn_hits *hits,
                       const char *explanation)
{
    char anti[512] = "";
    size_t used = 0;
    fe_antipattern fa[SCN_MAX_ANTI];
    for (size_t i = 0; i < hits->n; i++) {
        const antipattern *a = catalog_find(c->cfg->catalog, hits->ids[i]);
        fa[i] = (fe_antipattern){hits->ids[i], a ? a->title : hits->ids[i], a ? a->why : NULL,
                                 a ? a->instead : NULL};
        int w = snprintf(anti + used, sizeof anti - used, "%s%s", used ? "," : "", hits->ids[i]);
        if (w > 0 && (size_t)w < sizeof anti - used) used += (size_t)w;
        scn_note_antipattern(c, hits->ids[i]);
    }
    st->n = ++c->step;
    st->antipatterns = anti;
    /* Steps the store already holds (resume) are not stored or shown again. */
    st->replayed = st->n <= c->cfg->stored_steps;
    char auto_id[32];
    if (!st->id) {
        snprintf(auto_id, sizeof auto_id, "step-%d", st->n);
        st->id = auto_id;
        st->auto_id = true;
    }
    lua_Debug ar;
    char where[256] = "";
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
        snprintf(where, sizeof where, "%s", ar.short_src);
        st->file = where;
        st->line = ar.currentline;
    }
    c->result->score += st->points;
    c->result->max_score += st->max_points;
    c->result->steps = st->n;
    /* Stored first, then told: a learner who was told "correct" has that
     * answer in the store, whatever happens next (a full disk stops here,
     * before the feedback). */
    bool stored = true;
    if (c->cfg->on_step) SCN_FE(c, stored = c->cfg->on_step(c->cfg->ud, st));
    if (!stored) {
        scn_stop(L, c, SCN_HOOK_FAILED, "the answer could not be saved");
        return;
    }
    if (!st->replayed && !scn_replaying(c) && c->fe.feedback &&
        (st->verdict != FE_UNSCORED || hits->n || explanation)) {
        fe_feedback fb = {st->verdict, st->points, st->max_points, explanation, fa, hits->n};
        SCN_FE(c, c->fe.feedback(c->fe.ud, &fb));
    }
}

/* --- reading answers -------------------------------------------------------- */

/* Gets the next answer text: from the replay list while resuming, else from
 * the front end. Returns false when a replayed answer does not fit (the pack
 * changed): resuming then continues live. */
static const char *scn_next_replay(scn_ctx *c)
{
    return scn_replaying(c) ? c->cfg->replay[c->replay_next++] : NULL;
}

/* A hint the learner may ask for: its text and what it costs. */
typedef struct scn_hint {
    const char *text;
    double cost;
    bool used;
} scn_hint;

/* Handles a request for a hint; the caller then asks again. */
static void scn_give_hint(scn_ctx *c, scn_hint *h)
{
    if (h->text) {
        h->used = true;
        scn_say_styled(c, FE_SAY_HINT, h->text);
    } else {
        scn_say_styled(c, FE_SAY_NOTICE, "There is no hint for this one.");
    }
}

static void scn_offer(scn_ctx *c, const scn_hint *h)
{
    if (!scn_replaying(c) && c->fe.offer_hint)
        SCN_FE(c, c->fe.offer_hint(c->fe.ud, h->text != NULL, h->cost));
}

/* A number of points (points, penalty, a hint's or a try's cost): finite,
 * not negative, at most a million, so that no sum the store keeps is NaN. */
static double scn_points_field(lua_State *L, int t, const char *k, double def)
{
    double v = lbind_field_num(L, t, k, def, -INFINITY, INFINITY);
    if (v < 0) return luaL_error(L, "%s cannot be negative", k);
    if (v > SCN_MAX_POINTS) return luaL_error(L, "%s is more than a million points", k);
    return v;
}

/* A stored answer may start with '?': the hint was taken before answering. */
static const char *scn_strip_hint(const char *stored, scn_hint *h)
{
    if (stored && stored[0] == '?') {
        h->used = h->text != NULL;
        return stored + 1;
    }
    return stored;
}

/* One try at a choice: from the stored text while resuming (NULL: ask).
 * Returns false when a stored text no longer fits (the pack changed): it is
 * dropped, and the person is asked from here on. */
static bool scn_choose_answer(lua_State *L, scn_ctx *c, const char *prompt,
                              const char *const *labels, size_t n, bool multi, bool *picked,
                              scn_hint *h, const char *stored)
{
    bool fits = true;
    if (stored) {
        char why[128];
        if (answer_parse_choice(stored, n, multi, picked, why, sizeof why)) return true;
        c->replay_next = c->cfg->nreplay; /* stale: ask the person from here on */
        fits = false;
    }
    for (int asks = 0;; asks++) {
        scn_offer(c, h);
        fe_status st;
        SCN_FE(c, st = c->fe.choose(c->fe.ud, prompt, labels, n, multi, picked));
        if (st != FE_HINT || asks > 8) {
            scn_fe_status(L, c, st == FE_HINT ? FE_BAD : st);
            return fits;
        }
        scn_give_hint(c, h);
    }
}

static void scn_input_answer(lua_State *L, scn_ctx *c, const char *prompt, const char *hint,
                             char *buf, size_t cap, scn_hint *h, const char *stored)
{
    if (stored) {
        snprintf(buf, cap, "%s", stored);
        return;
    }
    for (int asks = 0;; asks++) {
        buf[0] = '\0';
        scn_offer(c, h);
        fe_status st;
        SCN_FE(c, st = c->fe.input(c->fe.ud, prompt, hint, buf, cap));
        if (st != FE_HINT || asks > 8) {
            scn_fe_status(L, c, st == FE_HINT ? FE_BAD : st);
            return;
        }
        scn_give_hint(c, h);
    }
}

/* A step's stored answer: "?" when the hint was asked for before the first
 * try, then each try's answer, ';' between ("?3;1"). */
typedef struct scn_stored {
    char buf[512];
    const char *part[SCN_MAX_TRIES];
    int n;
} scn_stored;

static void scn_stored_read(scn_ctx *c, scn_hint *h, scn_stored *s)
{
    s->n = 0;
    const char *raw = scn_strip_hint(scn_next_replay(c), h);
    if (!raw) return;
    snprintf(s->buf, sizeof s->buf, "%s", raw);
    char *p = s->buf;
    while (s->n < SCN_MAX_TRIES) {
        s->part[s->n++] = p;
        char *semi = strchr(p, ';');
        if (!semi) break;
        *semi = '\0';
        p = semi + 1;
    }
}

/* The stored text for try t, or NULL to ask. */
static const char *scn_stored_try(const scn_stored *s, int t)
{
    return t < s->n ? s->part[t] : NULL;
}

/* A stored answer that no longer fits: none of it is used, and a hint it
 * recorded is not charged unless a try of this run gave it. */
static void scn_stored_drop(scn_stored *s, scn_hint *h, int t)
{
    s->n = 0;
    if (t == 0) h->used = false;
}

/* Several tries: opts.tries (1 to SCN_MAX_TRIES, default 1) and what each
 * try after the first costs, opts.retry_cost (default half the points). */
typedef struct scn_retry {
    int tries;
    double cost;
} scn_retry;

static scn_retry scn_read_retry(lua_State *L, int opts, double points)
{
    scn_retry r = {1, points / 2};
    lua_Integer tries = lbind_field_int(L, opts, "tries", 1, LUA_MININTEGER, LUA_MAXINTEGER);
    if (tries < 1 || tries > SCN_MAX_TRIES)
        luaL_error(L, "tries must be between 1 and %d", SCN_MAX_TRIES);
    r.tries = (int)tries;
    r.cost = scn_points_field(L, opts, "retry_cost", points / 2);
    return r;
}

/* Points after the hint's cost and the extra tries', never below zero. */
static double scn_after_hint(const scn_hint *h, double points, const scn_retry *r, int retries)
{
    double cost = (h->used ? h->cost : 0) + (r ? r->cost * retries : 0);
    return points > cost ? points - cost : 0;
}

/* After a wrong try with tries left: says so, and gives the hint (which
 * then costs what it costs when asked for). Silent while replaying. */
static void scn_try_again(scn_ctx *c, scn_hint *h, bool replayed, double points, const scn_retry *r,
                          int retries)
{
    bool show_hint = h->text && !h->used;
    if (h->text) h->used = true;
    if (replayed) return;
    char msg[160];
    snprintf(msg, sizeof msg, "Not quite. Try again: now it can earn at most %g of %g points.",
             scn_after_hint(h, points, r, retries), points);
    scn_say_styled(c, FE_SAY_NOTICE, msg);
    if (show_hint) scn_say_styled(c, FE_SAY_HINT, h->text);
}

/* Appends one try's answer to the recorded text. */
static void scn_add_try(char *buf, size_t cap, int t, const char *answer)
{
    size_t used = strlen(buf);
    if (used < cap) snprintf(buf + used, cap - used, "%s%s", t ? ";" : "", answer);
}

/* The recorded answer: "?" in front when the hint was taken, so a replay
 * charges it again. */
static void scn_answer_text(const scn_hint *h, const char *answer, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s%s", h->used ? "?" : "", answer);
}

static scn_hint scn_read_hint(lua_State *L, int opts, double points)
{
    scn_hint h = {0};
    h.text = scn_text(L, lbind_field_name(L, opts, "hint", NULL), "the hint");
    h.cost = scn_points_field(L, opts, "hint_cost", points / 4);
    return h;
}

/* --- options ------------------------------------------------------------ */

typedef struct scn_option {
    const char *label;
    bool correct;
    double partial;
    int anti_idx; /* stack index of the antipattern value, 0 if none */
    const char *why;
} scn_option;

static size_t scn_read_options(lua_State *L, int t, scn_option *opts, const char **labels)
{
    luaL_checktype(L, t, LUA_TTABLE);
    size_t n = (size_t)lua_rawlen(L, t);
    luaL_argcheck(L, n >= 1 && n <= SCN_MAX_OPTIONS, t, "give 1 to 26 options");
    luaL_checkstack(L, (int)n * 3 + 8, "too many options");
    for (size_t i = 0; i < n; i++) {
        scn_option *o = &opts[i];
        memset(o, 0, sizeof *o);
        int ty = lua_rawgeti(L, t, (lua_Integer)i + 1);
        if (ty == LUA_TSTRING) {
            o->label = scn_text(L, scn_label(L, -1), "an option");
        } else if (ty == LUA_TTABLE) {
            int ot = lua_gettop(L);
            if (lua_rawgeti(L, ot, 1) != LUA_TSTRING) {
                lua_pop(L, 1);
                lbind_field(L, ot, "text");
            }
            if (lua_type(L, -1) != LUA_TSTRING)
                return luaL_error(L, "option %d has no label", (int)i + 1), 0;
            o->label = scn_text(L, scn_label(L, -1), "an option");
            o->correct = lbind_field_bool(L, ot, "correct", 0);
            o->partial = lbind_field_num(L, ot, "partial", 0, -INFINITY, INFINITY);
            if (o->partial < 0 || o->partial > 1)
                return luaL_error(L, "option %d: partial must be between 0 and 1", (int)i + 1), 0;
            o->why = scn_text(L, lbind_field_name(L, ot, "why", NULL), "an option's why");
            lbind_field(L, ot, "antipattern");
            o->anti_idx = lua_isnil(L, -1) ? 0 : lua_gettop(L);
        } else {
            return luaL_error(L, "option %d must be a string or a table", (int)i + 1), 0;
        }
        labels[i] = o->label;
    }
    return n;
}

static bool scn_any_scored(const scn_option *o, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (o[i].correct || o[i].partial > 0) return true;
    return false;
}

/* s:choose(prompt, options [, opts]) -> index */
static int scn_choose_impl(lua_State *L, bool multi)
{
    scn_ctx *c = scn_begin(L);
    const char *prompt = scn_text(L, lbind_check_name(L, 2), "the prompt");
    lbind_check_opts(L, 4, true);
    int base = lua_gettop(L);
    scn_option opts[SCN_MAX_OPTIONS];
    const char *labels[SCN_MAX_OPTIONS];
    size_t n = scn_read_options(L, 3, opts, labels);
    double points = scn_points_field(L, 4, "points", 1);
    /* Points taken off when the pick embodies an anti-pattern (default none:
     * the step simply earns nothing). */
    double penalty = scn_points_field(L, 4, "penalty", 0);
    const char *explain = scn_text(L, lbind_field_name(L, 4, "explain", NULL), "explain");
    const char *id = scn_text(L, lbind_field_name(L, 4, "id", NULL), "the step id");
    scn_hint hint = scn_read_hint(L, 4, points);
    scn_retry retry = scn_read_retry(L, 4, points);
    bool scored = scn_any_scored(opts, n);
    scn_stored stored;
    scn_stored_read(c, &hint, &stored);

    bool picked[SCN_MAX_OPTIONS];
    scn_hits hits = {0};
    size_t first = 0;
    double frac = 0;
    const char *why = NULL;
    char tries_text[512] = "";
    int t = 0;
    for (;; t++) {
        memset(picked, 0, sizeof picked);
        const char *from = scn_stored_try(&stored, t);
        if (!scn_choose_answer(L, c, prompt, labels, n, multi, picked, &hint, from)) {
            scn_stored_drop(&stored, &hint, t);
            from = NULL;
        }
        size_t right = 0, wrong = 0, ncorrect = 0;
        double partial = 0;
        bool any = false;
        for (size_t i = 0; i < n; i++) {
            ncorrect += opts[i].correct;
            if (!picked[i]) continue;
            if (!any) first = i;
            any = true;
            opts[i].correct ? right++ : wrong++;
            if (opts[i].partial > partial) partial = opts[i].partial;
            if (opts[i].anti_idx) scn_hits_add_value(L, &hits, opts[i].anti_idx);
            if (opts[i].why && !why) why = opts[i].why;
        }
        if (!multi)
            frac = right ? 1.0 : partial;
        else if (right == ncorrect && wrong == 0)
            frac = 1.0;
        else
            frac = right > wrong && ncorrect ? (double)(right - wrong) / (double)ncorrect : 0;
        char picks[128];
        answer_format_choice(picked, n, picks, sizeof picks);
        scn_add_try(tries_text, sizeof tries_text, t, picks);
        if (!scored || frac >= 1.0 || t + 1 >= retry.tries) break;
        scn_try_again(c, &hint, from != NULL, points, &retry, t + 1);
    }
    scn_step st = {.kind = multi ? "choose_many" : "choose", .id = id, .prompt = prompt};
    char answer[520];
    scn_answer_text(&hint, tries_text, answer, sizeof answer);
    st.answer = answer;
    if (!scored) {
        st.verdict = FE_UNSCORED;
    } else {
        st.max_points = points;
        st.points = scn_after_hint(&hint, frac * points, &retry, t) - (hits.n ? penalty : 0);
        /* Right only after another try is not yet right: it comes back in review. */
        st.verdict = frac >= 1.0 && t == 0 ? FE_CORRECT : frac > 0 ? FE_PARTIAL : FE_WRONG;
    }
    char expl[2048];
    snprintf(expl, sizeof expl, "%s%s%s", why ? why : "", why && explain ? "\n" : "",
             explain ? explain : "");
    scn_record(L, c, &st, &hits, expl[0] ? expl : NULL);
    lua_settop(L, base);
    if (!multi) {
        lua_pushinteger(L, (lua_Integer)first + 1);
        return 1;
    }
    lua_newtable(L);
    lua_Integer k = 1;
    for (size_t i = 0; i < n; i++)
        if (picked[i]) {
            lua_pushinteger(L, (lua_Integer)i + 1);
            lua_rawseti(L, -2, k++);
        }
    return 1;
}

static int scn_choose(lua_State *L)
{
    return scn_choose_impl(L, false);
}
static int scn_choose_many(lua_State *L)
{
    return scn_choose_impl(L, true);
}

/* s:number(prompt, { answer =, tolerance = 0 | "10%", points =, unit =, explain =, id = }) */
static int scn_number(lua_State *L)
{
    scn_ctx *c = scn_begin(L);
    const char *prompt = scn_text(L, lbind_check_name(L, 2), "the prompt");
    lbind_check_opts(L, 3, true);
    bool scored = lbind_field(L, 3, "answer") != LUA_TNIL;
    lua_pop(L, 1);
    double expect = lbind_field_num(L, 3, "answer", 0, -SCN_MAX_ANSWER, SCN_MAX_ANSWER);
    double tol = 0;
    bool relative = false;
    int tty = lbind_field(L, 3, "tolerance");
    if (tty != LUA_TNIL) {
        size_t len = 0;
        const char *s = tty == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
        char *end = NULL;
        if (s && len > 1 && s[len - 1] == '%') {
            relative = true;
            tol = strtod(s, &end) / 100.0;
        }
        if (s ? !relative || end != s + len - 1 || !(tol >= 0 && tol <= 100)
              : tty != LUA_TNUMBER || !(lua_tonumber(L, -1) >= 0) ||
                    !(lua_tonumber(L, -1) <= SCN_MAX_ANSWER))
            return luaL_error(L, "tolerance must be a number or a percentage such as \"10%%\"");
        if (!s) tol = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    double points = scn_points_field(L, 3, "points", 1);
    const char *unit = scn_text(L, lbind_field_name(L, 3, "unit", NULL), "the unit");
    const char *explain = scn_text(L, lbind_field_name(L, 3, "explain", NULL), "explain");
    const char *id = scn_text(L, lbind_field_name(L, 3, "id", NULL), "the step id");
    scn_hint hint = scn_read_hint(L, 3, points);
    scn_retry retry = scn_read_retry(L, 3, points);
    double allowed = relative ? fabs(expect) * tol : tol;
    scn_stored stored;
    scn_stored_read(c, &hint, &stored);
    char buf[256], tries_text[512] = "";
    double v = 0;
    bool ok = false;
    int t = 0;
    for (;; t++) {
        const char *from = scn_stored_try(&stored, t);
        for (int asks = 0;; asks++) {
            scn_input_answer(L, c, prompt, unit, buf, sizeof buf, &hint, from);
            if (answer_parse_number(buf, &v)) break;
            if (from) { /* stale: ask the person from here on */
                c->replay_next = c->cfg->nreplay;
                scn_stored_drop(&stored, &hint, t);
                from = NULL;
                continue;
            }
            if (c->fe.strict || asks >= 4) {
                char msg[300];
                snprintf(msg, sizeof msg, "'%s' is not a number", buf);
                return scn_stop(L, c, SCN_BAD_ANSWER, msg);
            }
            scn_say_styled(c, FE_SAY_NOTICE, "Please answer with a number.");
        }
        scn_add_try(tries_text, sizeof tries_text, t, buf);
        ok = scored && fabs(v - expect) <= allowed + 1e-9;
        if (!scored || ok || t + 1 >= retry.tries) break;
        scn_try_again(c, &hint, from != NULL, points, &retry, t + 1);
    }
    char answer[520];
    scn_answer_text(&hint, tries_text, answer, sizeof answer);
    scn_step st = {.kind = "number", .id = id, .prompt = prompt, .answer = answer};
    if (scored) {
        st.max_points = points;
        st.points = ok ? scn_after_hint(&hint, points, &retry, t) : 0;
        st.verdict = ok && t == 0 ? FE_CORRECT : ok ? FE_PARTIAL : FE_WRONG;
    } else {
        st.verdict = FE_UNSCORED;
    }
    char expl[1024];
    if (scored && st.verdict == FE_WRONG)
        snprintf(expl, sizeof expl, "The answer is %g%s%s.%s%s", expect, unit ? " " : "",
                 unit ? unit : "", explain ? " " : "", explain ? explain : "");
    else
        snprintf(expl, sizeof expl, "%s", explain ? explain : "");
    scn_hits none = {0};
    scn_record(L, c, &st, &none, expl[0] ? expl : NULL);
    lua_pushnumber(L, v);
    return 1;
}

/* s:input(prompt, { hint =, default =, id = }) -> text */
static int scn_input(lua_State *L)
{
    scn_ctx *c = scn_begin(L);
    const char *prompt = scn_text(L, lbind_check_name(L, 2), "the prompt");
    lbind_check_opts(L, 3, true);
    const char *hint = scn_text(L, lbind_field_name(L, 3, "hint", NULL), "the hint");
    const char *def = scn_text(L, lbind_field_name(L, 3, "default", NULL), "the default");
    const char *id = scn_text(L, lbind_field_name(L, 3, "id", NULL), "the step id");
    /* A userdata, not malloc: it is freed even when the step raises. */
    char *buf = lua_newuserdatauv(L, SCN_ANSWER_CAP, 0);
    scn_hint none_hint = {0};
    /* Stored whole: free text may start with '?' or hold ';'. */
    scn_input_answer(L, c, prompt, hint, buf, SCN_ANSWER_CAP, &none_hint, scn_next_replay(c));
    /* An empty answer takes the default, as a person pressing Enter expects. */
    if (!buf[0] && def) snprintf(buf, SCN_ANSWER_CAP, "%s", def);
    lua_pushstring(L, buf);
    scn_step st = {
        .kind = "input", .id = id, .prompt = prompt, .answer = buf, .verdict = FE_UNSCORED};
    scn_hits none = {0};
    scn_record(L, c, &st, &none, NULL);
    return 1;
}

static int scn_say(lua_State *L)
{
    scn_ctx *c = scn_begin(L);
    scn_say_styled(c, FE_SAY_NARRATIVE, scn_text(L, lbind_check_name(L, 2), "the text"));
    return 0;
}

static int scn_explain(lua_State *L)
{
    scn_ctx *c = scn_begin(L);
    scn_say_styled(c, FE_SAY_EXPLAIN, scn_text(L, lbind_check_name(L, 2), "the text"));
    return 0;
}

static int scn_pause(lua_State *L)
{
    scn_ctx *c = scn_begin(L);
    const char *text = scn_text(L, lbind_opt_name(L, 2, "Press any key to go on."), "the text");
    if (!scn_replaying(c) && c->fe.pause) {
        fe_status st;
        SCN_FE(c, st = c->fe.pause(c->fe.ud, text));
        scn_fe_status(L, c, st);
    }
    return 0;
}

static int scn_show(lua_State *L)
{
    scn_ctx *c = scn_begin(L);
    luaL_checkany(L, 2);
    if (!scn_replaying(c)) scn_show_value(L, c, 2);
    return 0;
}

/* s:hit(id [, note]): an anti-pattern the scenario detected by itself. */
static int scn_hit(lua_State *L)
{
    scn_ctx *c = scn_begin(L);
    scn_hits hits = {0};
    scn_hits_add_value(L, &hits, 2);
    luaL_argcheck(L, hits.n > 0, 2, "an anti-pattern id");
    const char *note = scn_text(L, lbind_opt_name(L, 3, NULL), "the note");
    scn_step st = {.kind = "hit", .prompt = note ? note : "", .answer = "", .verdict = FE_UNSCORED};
    scn_record(L, c, &st, &hits, note);
    return 0;
}

/* s:award(points, max [, note]): custom scoring. */
static int scn_award(lua_State *L)
{
    scn_ctx *c = scn_begin(L);
    double points = lbind_check_num(L, 2, 0, SCN_MAX_POINTS);
    double max = lbind_check_num(L, 3, 0, SCN_MAX_POINTS);
    luaL_argcheck(L, points <= max, 2, "0 <= points <= max");
    const char *note = scn_text(L, lbind_opt_name(L, 4, NULL), "the note");
    scn_step st = {.kind = "award",
                   .prompt = note ? note : "",
                   .answer = "",
                   .points = points,
                   .max_points = max};
    st.verdict = points >= max ? FE_CORRECT : points > 0 ? FE_PARTIAL : FE_WRONG;
    scn_hits none = {0};
    scn_record(L, c, &st, &none, note);
    return 0;
}

static int scn_score(lua_State *L)
{
    scn_ctx *c = scn_check(L);
    lua_pushnumber(L, c->result->score);
    lua_pushnumber(L, c->result->max_score);
    return 2;
}

static const luaL_Reg scn_methods[] = {
    {"say", scn_say},       {"explain", scn_explain},
    {"choose", scn_choose}, {"choose_many", scn_choose_many},
    {"number", scn_number}, {"input", scn_input},
    {"show", scn_show},     {"pause", scn_pause},
    {"hit", scn_hit},       {"award", scn_award},
    {"score", scn_score},   {NULL, NULL},
};

void scn_push_api(lua_State *L, scn_ctx *ctx)
{
    scn_ctx **p = lua_newuserdatauv(L, sizeof *p, 0);
    *p = ctx;
    if (luaL_newmetatable(L, "bdw.scenario")) {
        lua_newtable(L);
        luaL_setfuncs(L, scn_methods, 0);
        lua_setfield(L, -2, "__index");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
}
