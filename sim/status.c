#include "sim/status.h"

#include <stdarg.h>
#include <stdio.h>

static const struct {
    const char *name;
    int http;
} status_table[SIM_STATUS_COUNT] = {
    [SIM_OK] = {"OK", 200},
    [SIM_ACCESS_DENIED] = {"AccessDeniedException", 403},
    [SIM_INVALID_PARAMETER_VALUE] = {"InvalidParameterValueException", 400},
    [SIM_MISSING_PARAMETER_VALUE] = {"MissingParameterValueException", 400},
    [SIM_RESOURCE_NOT_FOUND] = {"ResourceNotFoundException", 404},
    [SIM_LIMIT_EXCEEDED] = {"LimitExceededException", 400},
    [SIM_POLICY_ENFORCED] = {"PolicyEnforcedException", 400},
    [SIM_INSUFFICIENT_CAPACITY] = {"InsufficientCapacityException", 503},
    [SIM_PROVISIONED_THROUGHPUT_EXCEEDED] = {"ProvisionedThroughputExceededException", 400},
    [SIM_INVALID_ARGUMENT] = {"InvalidArgumentException", 400},
    [SIM_VALIDATION] = {"ValidationException", 400},
    [SIM_RESOURCE_IN_USE] = {"ResourceInUseException", 400},
    [SIM_EXPIRED_ITERATOR] = {"ExpiredIteratorException", 400},
    [SIM_INTERNAL_FAILURE] = {"InternalFailure", 500},
    [SIM_NO_MEMORY] = {"OutOfMemory", 500},
    [SIM_ENGINE_ERROR] = {"EngineError", 500},
    [SIM_BUDGET_EXCEEDED] = {"BudgetExceeded", 500},
};

const char *sim_status_name(sim_status s)
{
    if ((unsigned)s >= SIM_STATUS_COUNT) return "UnknownError";
    return status_table[s].name;
}

int sim_status_http(sim_status s)
{
    if ((unsigned)s >= SIM_STATUS_COUNT) return 500;
    return status_table[s].http;
}

sim_status sim_fail(sim_error *err, sim_status code, const char *fmt, ...)
{
    if (err) {
        err->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

void sim_error_clear(sim_error *err)
{
    if (err) {
        err->code = SIM_OK;
        err->message[0] = '\0';
    }
}
