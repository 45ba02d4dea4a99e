#include "learn/review.h"

#include <string.h>

#define MS_PER_DAY 86400000.0

void review_update(review_state *st, bool is_new, review_grade g, int64_t now)
{
    switch (g) {
    case REVIEW_WRONG:
        /* Missed: back to the start, due at once. */
        st->lapses++;
        st->reps = 0;
        st->interval_days = 0;
        st->due_at = now;
        return;
    case REVIEW_PARTIAL:
        st->reps = 0;
        st->interval_days = REVIEW_FIRST_INTERVAL_DAYS;
        break;
    case REVIEW_CORRECT:
        if (is_new)
            st->interval_days = REVIEW_EASY_FIRST_INTERVAL_DAYS;
        else if (st->interval_days < REVIEW_FIRST_INTERVAL_DAYS)
            st->interval_days = REVIEW_FIRST_INTERVAL_DAYS;
        else
            st->interval_days *= REVIEW_GROWTH;
        st->reps++;
        break;
    }
    st->due_at = now + (int64_t)(st->interval_days * MS_PER_DAY);
}

static bool topic_listed(const char *list, const char *topic)
{
    if (!list || !topic || !*topic) return false;
    size_t n = strlen(topic);
    for (const char *p = list; (p = strstr(p, topic)); p += n) {
        bool starts = p == list || p[-1] == ',';
        bool ends = p[n] == '\0' || p[n] == ',';
        if (starts && ends) return true;
    }
    return false;
}

size_t review_pick(const question_bank *bank, const review_due *due, size_t ndue, size_t count,
                   size_t *order)
{
    size_t n = 0;
    bool taken[4096] = {false};
    for (size_t d = 0; d < ndue && n < count; d++) {
        if (strcmp(due[d].kind, "question") != 0) continue;
        for (size_t i = 0; i < bank->count && i < 4096; i++) {
            if (!taken[i] && strcmp(bank->items[i].id, due[d].item_id) == 0) {
                taken[i] = true;
                order[n++] = i;
                break;
            }
        }
    }
    for (size_t d = 0; d < ndue && n < count; d++) {
        if (strcmp(due[d].kind, "step") != 0) continue;
        for (size_t i = 0; i < bank->count && i < 4096 && n < count; i++) {
            if (!taken[i] && topic_listed(due[d].topic, bank->items[i].topic)) {
                taken[i] = true;
                order[n++] = i;
            }
        }
    }
    return n;
}
