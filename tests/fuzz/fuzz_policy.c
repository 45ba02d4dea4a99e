/* Fuzz target: parse any bytes as a policy and, when it compiles, evaluate
 * it against a few requests. Must never crash, and must free everything. */
#include <stddef.h>
#include <stdint.h>

#include "sim/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sim_error err;
    policy *p = policy_parse((const char *)data, size, 20 * 1024, &err);
    if (!p) return 0;
    static const policy_tag tags[] = {{"LegalHold", "true"}, {"Owner", ""}};
    static const char *const actions[] = {"glacier:DeleteArchive", "glacier:UploadArchive",
                                          "GLACIER:InitiateJob", ""};
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
        policy_request r = {
            .action = actions[i],
            .resource = "arn:aws:glacier:us-east-1:123456789012:vaults/audit-logs",
            .principal = i & 1 ? "arn:aws:iam::444455556666:user/bob" : NULL,
            .principal_account = i & 1 ? "444455556666" : NULL,
            .has_archive_age = i != 2,
            .archive_age_days = (int64_t)i * 200,
            .mfa = (policy_tristate)(i % 3),
            .tags = tags,
            .ntags = i == 3 ? 0 : 2,
        };
        policy_result res = policy_evaluate(p, &r);
        if (res.statement >= (int)policy_statement_count(p)) __builtin_trap();
    }
    (void)policy_text(p);
    policy_free(p);
    return 0;
}
