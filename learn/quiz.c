#include "learn/quiz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "learn/answer.h"
#include "sim/rng.h"

bool quiz_draw(const question_bank *bank, size_t count, uint64_t seed, size_t *order, size_t *drawn)
{
    size_t n = bank->count;
    if (count == 0 || count > n) count = n;
    sim_rng *r = sim_rng_new(seed);
    if (!r) return false;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    /* Fisher-Yates, only as far as we need. */
    for (size_t i = 0; i < count && n > 1; i++) {
        size_t j = i + (size_t)sim_rng_range(r, 0, (int64_t)(n - 1 - i));
        size_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    sim_rng_free(r);
    *drawn = count;
    return true;
}

/* Shuffles idx[0..n) in place. */
static void quiz_shuffle(sim_rng *r, size_t *idx, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)sim_rng_range(r, 0, (int64_t)(i - 1));
        size_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}

bool quiz_draw_blueprint(const question_bank *bank, const char *const *domains,
                         const double *weights, size_t ndomains, size_t count, uint64_t seed,
                         size_t *order, size_t *drawn)
{
    size_t n = bank->count;
    if (count > n) count = n;
    bool *taken = calloc(n + 1, sizeof *taken);
    size_t *pool = calloc(n + 1, sizeof *pool);
    size_t *want = calloc(ndomains + 1, sizeof *want);
    double *rest = calloc(ndomains + 1, sizeof *rest);
    sim_rng *r = sim_rng_new(seed);
    bool ok = taken && pool && want && rest && r;
    size_t got = 0;
    if (ok) {
        double sum = 0;
        for (size_t k = 0; k < ndomains; k++)
            sum += weights[k];
        size_t given = 0;
        for (size_t k = 0; k < ndomains && sum > 0; k++) {
            double exact = (double)count * weights[k] / sum;
            want[k] = (size_t)exact;
            rest[k] = exact - (double)want[k];
            given += want[k];
        }
        /* Largest remainders get the seats rounding left over. */
        while (given < count && ndomains) {
            size_t best = 0;
            for (size_t k = 1; k < ndomains; k++)
                if (rest[k] > rest[best]) best = k;
            want[best]++;
            rest[best] = -1;
            given++;
        }
        for (size_t k = 0; k < ndomains; k++) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                if (!taken[i] && bank->items[i].domain &&
                    strcmp(bank->items[i].domain, domains[k]) == 0)
                    pool[m++] = i;
            quiz_shuffle(r, pool, m);
            for (size_t i = 0; i < m && i < want[k] && got < count; i++) {
                taken[pool[i]] = true;
                order[got++] = pool[i];
            }
        }
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!taken[i]) pool[m++] = i;
        quiz_shuffle(r, pool, m);
        for (size_t i = 0; i < m && got < count; i++)
            order[got++] = pool[i];
        /* Domains come out in blocks; the exam mixes them. */
        quiz_shuffle(r, order, got);
    }
    *drawn = got;
    free(taken);
    free(pool);
    free(want);
    free(rest);
    sim_rng_free(r);
    return ok;
}

const char *quiz_verdict_name(quiz_verdict v)
{
    return v == GRADE_CORRECT ? "correct" : v == GRADE_PARTIAL ? "partial" : "wrong";
}

bool quiz_grade_answer(const question *q, const char *answer, quiz_grade *g, char *why,
                       size_t why_cap)
{
    memset(g, 0, sizeof *g);
    switch (q->type) {
    case QUESTION_NUMERIC: {
        double v;
        if (!answer_parse_number(answer, &v)) {
            snprintf(why, why_cap, "'%s' is not a number", answer);
            return false;
        }
        bool ok = fabs(v - q->answer) <= q->tolerance + 1e-9;
        g->verdict = ok ? GRADE_CORRECT : GRADE_WRONG;
        g->points = ok;
        snprintf(g->canonical, sizeof g->canonical, "%.17g", v);
        return true;
    }
    case QUESTION_TEXT: {
        char t[256];
        answer_trim(answer, t, sizeof t);
        snprintf(g->canonical, sizeof g->canonical, "%s", t);
        for (size_t i = 0; i < q->nanswers; i++) {
            if (strcasecmp(t, q->answers[i]) == 0) {
                g->verdict = GRADE_CORRECT;
                g->points = 1;
                return true;
            }
        }
        g->verdict = GRADE_WRONG;
        return true;
    }
    default:
        break;
    }
    bool picked[26];
    bool multi = q->type == QUESTION_MULTIPLE;
    if (!answer_parse_choice(answer, q->nchoices, multi, picked, why, why_cap)) return false;
    answer_format_choice(picked, q->nchoices, g->canonical, sizeof g->canonical);
    size_t right = 0, wrong = 0, ncorrect = 0;
    for (size_t i = 0; i < q->nchoices; i++) {
        ncorrect += q->choices[i].correct;
        if (picked[i]) q->choices[i].correct ? right++ : wrong++;
    }
    if (right == ncorrect && wrong == 0) {
        g->verdict = GRADE_CORRECT;
        g->points = 1;
    } else if (multi && right > wrong) {
        /* Multiple response: credit for each right pick, less each wrong one. */
        g->verdict = GRADE_PARTIAL;
        g->points = (double)(right - wrong) / (double)ncorrect;
    } else {
        g->verdict = GRADE_WRONG;
    }
    return true;
}
