#ifndef SIM_POLICY_COST_H
#define SIM_POLICY_COST_H

/* What the policy engine's work costs the budget a policy was parsed with
 * (sim/budget.h): parsing (policy.c) and evaluating (policy_eval.c).
 * Nothing outside sim/policy*.c includes this header.
 *
 * A unit is about one Lua VM instruction: 4 ns on the reference machine (the
 * project's 2-core x86-64 VM, where Lua 5.4 runs `x = x + i` at 3.9 ns an
 * instruction under a count hook). Each figure is the measured cost of one
 * piece of work divided by 4 ns, from bench/bench_policy.c on a Release
 * build and, for the hostile shapes (many statements, wildcards that
 * backtrack, JSON that jansson parses before the compile refuses it),
 * runs of their own; bench/bench_sim_costs.c checks the whole (3.7 ns a
 * unit). */
enum {
    /* Parsing and compiling, per byte of text: jansson's parse, the
     * compile, the copy of the text: 13-17 ns a byte (bench_policy: the
     * lock policy, 330 bytes, 223,000 a second; the access policy, 620
     * bytes, 95,000 a second), and up to 37 ns for hostile JSON (a
     * document of empty objects, which jansson parses before the compile
     * refuses it). */
    POLICY_COST_PARSE_PER_BYTE = 5,
    /* One statement looked at by an evaluation, besides its bytes: most
     * stop at their actions (150 statements whose actions do not match:
     * 7.5 ns each, measured under load). */
    POLICY_COST_STATEMENT = 1,
    /* Pattern and value bytes compared per unit (wildcard and string
     * matches: about 1 ns a byte): a statement's actions are charged
     * before they are matched, its resources, principals and conditions
     * only when an action matched (the lock policy of one statement: 27
     * units, 100 ns measured; bench_policy: 52 ns unloaded). A wildcard
     * that backtracks past its bytes pays for its extra steps once the
     * statement is done (at most a 20 KB pattern against a request's ARN:
     * "*aaa...ab" against 4 KB of a's, 5.6 ms, charged 1.05 M units). */
    POLICY_COST_BYTES_PER_UNIT = 4,
    /* jansson's tree while parsing, in bytes of heap per byte of text,
     * taken from the memory budget for the parse only: at most 78, for a
     * document of empty objects (measured with mallinfo2: 46 for empty
     * arrays, 23 for one-character strings, 16 for numbers), so 1.6 MB for
     * a policy of the 20 KB Glacier allows. */
    POLICY_JSON_BYTES_PER_BYTE = 80,
};

#endif
