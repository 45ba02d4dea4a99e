#ifndef SIM_STATUS_H
#define SIM_STATUS_H

/* Status codes shared by every simulator. Each maps to the AWS error name a
 * real service would return, and to its HTTP status, so a scenario can show
 * the learner exactly what AWS would have said. */
typedef enum {
    SIM_OK = 0,
    SIM_ACCESS_DENIED,                   /* AccessDeniedException, 403 */
    SIM_INVALID_PARAMETER_VALUE,         /* InvalidParameterValueException, 400 */
    SIM_MISSING_PARAMETER_VALUE,         /* MissingParameterValueException, 400 */
    SIM_RESOURCE_NOT_FOUND,              /* ResourceNotFoundException, 404 */
    SIM_LIMIT_EXCEEDED,                  /* LimitExceededException, 400 */
    SIM_POLICY_ENFORCED,                 /* PolicyEnforcedException, 400 */
    SIM_INSUFFICIENT_CAPACITY,           /* InsufficientCapacityException, 503 */
    SIM_PROVISIONED_THROUGHPUT_EXCEEDED, /* ProvisionedThroughputExceededException, 400 */
    SIM_INVALID_ARGUMENT,                /* InvalidArgumentException, 400 */
    SIM_VALIDATION,                      /* ValidationException, 400 */
    SIM_RESOURCE_IN_USE,                 /* ResourceInUseException, 400 */
    SIM_EXPIRED_ITERATOR,                /* ExpiredIteratorException, 400 */
    SIM_INTERNAL_FAILURE,                /* InternalFailure, 500 */
    SIM_NO_MEMORY,                       /* not an AWS error: the host ran out */
    SIM_ENGINE_ERROR,    /* not an AWS API error: a cache engine's reply (Redis OOM, WRONGTYPE) */
    SIM_BUDGET_EXCEEDED, /* not an AWS error: the script's work budget ran out (sim/budget.h) */
    SIM_STATUS_COUNT
} sim_status;

const char *sim_status_name(sim_status s);
int sim_status_http(sim_status s);

/* An error as a simulator reports it: the code and a message in AWS's words. */
typedef struct sim_error {
    sim_status code;
    char message[256];
} sim_error;

/* Sets err (when not NULL) and returns code, so callers can write
 * `return sim_fail(err, SIM_ACCESS_DENIED, "...", ...)`. */
sim_status sim_fail(sim_error *err, sim_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sim_error_clear(sim_error *err);

#endif
