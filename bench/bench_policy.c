/* Policy evaluations per second on the AWS example policies.
 *
 * Parses each policy once, then evaluates it against a rotating set of
 * requests (old and young archives, owner and other accounts, allowed and
 * denied actions) for a fixed wall time, and reports evaluations per second
 * on one core. Also times parse+compile. Prints the figures and writes them
 * to bench/results/policy.txt (or the path given as the first argument). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_util.h"
#include "sim/policy.h"

static const char lock_policy[] =
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"deny-based-on-archive-age\","
    "\"Principal\":\"*\",\"Effect\":\"Deny\",\"Action\":\"glacier:DeleteArchive\","
    "\"Resource\":[\"arn:aws:glacier:us-west-2:123456789012:vaults/examplevault\"],"
    "\"Condition\":{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}}]}";

/* The developer guide's access policy examples: cross-account upload and
 * MFA-protected deletes, in one document. */
static const char access_policy[] =
    "{\"Version\":\"2012-10-17\",\"Statement\":["
    "{\"Sid\":\"cross-account-upload\",\"Principal\":{\"AWS\":[\"arn:aws:iam::123456789012:root\","
    "\"arn:aws:iam::444455556666:root\"]},\"Effect\":\"Allow\",\"Action\":["
    "\"glacier:UploadArchive\",\"glacier:InitiateMultipartUpload\","
    "\"glacier:AbortMultipartUpload\",\"glacier:CompleteMultipartUpload\"],"
    "\"Resource\":[\"arn:aws:glacier:us-west-2:123456789012:vaults/examplevault\"]},"
    "{\"Sid\":\"add-mfa-delete-requirement\",\"Principal\":{\"AWS\":["
    "\"arn:aws:iam::123456789012:root\"]},\"Effect\":\"Allow\",\"Action\":[\"glacier:Delete*\"],"
    "\"Resource\":[\"arn:aws:glacier:us-west-2:123456789012:vaults/examplevault\"],"
    "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":true}}}]}";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define NREQ 8

static void make_requests(policy_request r[NREQ])
{
    static const char *const actions[] = {"glacier:DeleteArchive", "glacier:UploadArchive",
                                          "glacier:InitiateJob", "glacier:DeleteArchive"};
    for (int i = 0; i < NREQ; i++) {
        bool other = i & 1;
        r[i] = (policy_request){
            .action = actions[i % 4],
            .resource = "arn:aws:glacier:us-west-2:123456789012:vaults/examplevault",
            .principal =
                other ? "arn:aws:iam::444455556666:user/bob" : "arn:aws:iam::123456789012:root",
            .principal_account = other ? "444455556666" : "123456789012",
            .has_archive_age = true,
            .archive_age_days = i < 4 ? 100 : 400,
            .mfa = (policy_tristate)(i % 3),
        };
    }
}

/* Runs evaluations for about `seconds`; returns evaluations per second. */
static double eval_rate(const policy *p, double seconds, long *sink)
{
    policy_request r[NREQ];
    make_requests(r);
    long n = 0, denies = 0;
    double start = now_s(), elapsed;
    do {
        for (int k = 0; k < 100000; k++) {
            policy_result res = policy_evaluate(p, &r[k & (NREQ - 1)]);
            denies += res.decision == POLICY_EXPLICIT_DENY;
        }
        n += 100000;
        elapsed = now_s() - start;
    } while (elapsed < seconds);
    *sink += denies;
    return (double)n / elapsed;
}

static double parse_rate(const char *text, double seconds)
{
    long n = 0;
    double start = now_s(), elapsed;
    do {
        for (int k = 0; k < 1000; k++) {
            sim_error err;
            policy *p = policy_parse(text, strlen(text), 20 * 1024, &err);
            if (!p) {
                fprintf(stderr, "bench_policy: %s\n", err.message);
                exit(70);
            }
            policy_free(p);
        }
        n += 1000;
        elapsed = now_s() - start;
    } while (elapsed < seconds);
    return (double)n / elapsed;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_rate(const policy *p, long *sink)
{
    double runs[5];
    for (int i = 0; i < 5; i++)
        runs[i] = eval_rate(p, 0.4, sink);
    qsort(runs, 5, sizeof runs[0], cmp);
    return runs[2];
}

int main(int argc, char **argv)
{
    const char *out = argc > 1 ? argv[1] : "bench/results/policy.txt";
    sim_error err;
    policy *lock = policy_parse(lock_policy, strlen(lock_policy), 20 * 1024, &err);
    policy *access = policy_parse(access_policy, strlen(access_policy), 20 * 1024, &err);
    if (!lock || !access) {
        fprintf(stderr, "bench_policy: %s\n", err.message);
        return 70;
    }
    long sink = 0;
    double lock_rate = median_rate(lock, &sink);
    double access_rate = median_rate(access, &sink);
    double parse_lock = parse_rate(lock_policy, 0.5);
    double parse_access = parse_rate(access_policy, 0.5);
    char report[1024];
    snprintf(report, sizeof report,
             "bench_policy: IAM-style policy engine, one core, median of 5 runs of 0.4 s\n"
             "evaluate  lock policy (deny delete < 365 days, 1 statement):   %12.0f evals/s\n"
             "evaluate  access policy (cross-account + MFA, 2 statements):  %12.0f evals/s\n"
             "parse+compile lock policy:                                    %12.0f policies/s\n"
             "parse+compile access policy:                                  %12.0f policies/s\n"
             "target: > 1,000,000 evals/s per core -> %s\n",
             lock_rate, access_rate, parse_lock, parse_access,
             lock_rate > 1e6 && access_rate > 1e6 ? "met" : "NOT met");
    bench_publish("bench_policy", report, out);
    policy_free(lock);
    policy_free(access);
    return sink < 0 ? 1 : 0;
}
