#ifndef SIM_AGENT_COST_H
#define SIM_AGENT_COST_H

/* What the Kinesis Agent's work costs the script's budget (sim/budget.h),
 * in one table. Nothing outside sim/agent*.c includes this header.
 *
 * A unit is about one Lua VM instruction: 4 ns on the reference machine
 * (see sim/kinesis_cost.h). Each figure is the measured cost of one piece
 * of work divided by 4 ns, timed alone on a Release build (CPU time, best
 * of 3), then checked on whole runs by bench/bench_kinesis_costs.c: the
 * course exercise (500,000 lines, ~1.3M PutRecords entries) charges 20.8M
 * units for 87 ms of CPU, 4.2 ns a unit. The streams and delivery streams
 * the agent sends to charge their own part. */
enum {
    /* A line read: made by the loggen (23 ns in order), given its
     * partition key, queued, checkpointed and dropped once sent. */
    AGENT_COST_LINE = 10,
    /* Each dataProcessingOption on a line of the data set: SINGLELINE
     * 18 ns, CSVTOJSON 45 ns, LOGTOJSON (on an Apache line) 190 ns. */
    AGENT_COST_SINGLELINE = 5,
    AGENT_COST_CSVTOJSON = 11,
    AGENT_COST_LOGTOJSON = 48,
    /* A KiB of a record made by the options (24 ns), charged for records
     * of 1 KiB or more on top of the above (the data set's lines make
     * records of about 200 bytes). */
    AGENT_COST_KIB = 6,
    /* A DETERMINISTIC partition key, the MD5 of the record: per 64-byte
     * block hashed (377 ns for 200 bytes, which make 4 blocks). */
    AGENT_COST_MD5_BLOCK = 24,
    /* A record's partition key hashed (MD5, 108 ns) to route it, once
     * however often it is retried, for a stream of more than one shard. */
    AGENT_COST_HASH = 27,
    /* A record made again from its line number when a reader asks for its
     * bytes: the line out of order (53 ns), then the options. */
    AGENT_COST_REMAKE = 13,
    /* A record sent or retried: its PutRecords entry made, its result
     * read, the queue's bookkeeping. */
    AGENT_COST_SEND = 3,
    /* A step's fixed part, and what it walks per flow: the files (to find
     * new ones, tail, checkpoint, ask when the next line comes) and the
     * destinations (to find the flow's by name). */
    AGENT_COST_STEP = 10,
    AGENT_COST_WALK = 2,
    /* A new file matched against a flow's filePattern, per 16 bytes of
     * the pattern and path. */
    AGENT_COST_MATCH = 4,
    /* A byte of agent.json parsed (11 ns with jansson). */
    AGENT_COST_JSON_BYTE = 3,
    /* Lines read per charge: runs are charged before they are read. */
    AGENT_LINES_PER_CHARGE = 512,
};

#endif
