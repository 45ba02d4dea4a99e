#!/usr/bin/env python3
"""Writes the seed corpus of tests/fuzz/fuzz_bindings.c.

Each seed is a short program in the byte encoding the target reads
(fz_statement / fz_value there); the indexes come from the target itself:

    FUZZ_BINDINGS_TABLES=1 fuzz_bindings_replay /dev/null 2> tables.txt
    gen_bindings_corpus.py tables.txt OUTDIR

Function and method numbers follow the discovered API (sorted names), so a
binding added later shifts them: re-run this to keep the seeds meaning what
their names say. Run each seed with FUZZ_BINDINGS_PRINT=1 to see its Lua.
"""
import os
import sys


class Tables:
    def __init__(self, path):
        self.funcs, self.methods, self.fields, self.consts, self.strings = {}, {}, {}, {}, {}
        self.bytype = {}
        for line in open(path, encoding="latin-1"):
            line = line.rstrip("\n")
            kind, _, rest = line.partition(" ")
            if kind == "func":
                i, name = rest.split(" ", 1)
                self.funcs[name] = int(i)
            elif kind == "method":
                i, t, name = rest.split(" ", 2)
                self.methods[(t, name)] = int(i)
                self.bytype.setdefault(t, []).append(name)
            elif kind in ("field", "const", "string"):
                i, text = rest.split(" ", 1) if " " in rest else (rest, "")
                getattr(self, kind + "s" if kind != "const" else "consts")[text] = int(i)
        self.nfields = len(self.fields)


T = None


# --- values ----------------------------------------------------------------

def C(expr):
    return [0, T.consts[expr]]


def S(text):
    """A domain string, by its text (without the Lua quotes, or a name)."""
    for key in (text, '"%s"' % text):
        if key in T.strings:
            return [3, T.strings[key]]
        if key in T.consts:
            return [0, T.consts[key]]
    raise KeyError(text)


def U(text, suffix):
    key = text if text in T.strings else '"%s"' % text
    return [14, T.strings[key], suffix]


def I(n):
    if 0 <= n < 64:
        return [5, n << 2]
    if n > 0 and n % 1000 == 0 and n // 1000 < 256:
        return [5, 1, n // 1000]
    if -64 < n < 0:
        return [5, ((-n) << 2) | 2]
    assert 0 <= n < 65536, n
    return [5, 3, n & 255, n >> 8]


def OBJ(k):
    """The k-th object kept (1-based)."""
    return [6, k - 1]


def RES(i):
    return [8, i]


def fields(pairs):
    assert len(pairs) <= 6
    out = [len(pairs)]
    for name, value in pairs:
        idx = T.fields[name]
        if idx < 16:
            f = idx
        else:
            f = next(b for b in range(128, 256) if b % T.nfields == idx)
        out += [f] + value
    return out


def OPT(*pairs):
    return [9] + fields(list(pairs))


def HOST(h, *pairs):
    return [10, h - 1] + fields(list(pairs))


def LIST(*values):
    assert len(values) <= 4
    out = [11, len(values)]
    for v in values:
        out += v
    return out


def METHOD(t, name):
    return [12, T.methods[(t, name)] - 1]


def FUNC(name):
    return [13, T.funcs[name]]


def args(values):
    assert len(values) <= 3
    out = [len(values)]
    for v in values:
        out += v
    return out


# --- statements --------------------------------------------------------------

def own(t, name):
    return T.bytype[t].index(name)


def ctor(func, *pairs, extra=()):
    out = [0, T.funcs[func], 1] + fields(list(pairs))
    out += [len(extra)]
    for v in extra:
        out += v
    return out


def ctor_v(func, value):
    return [0, T.funcs[func], 0] + value + [0]


def meth(k, t, name, *a):
    return [3, own(t, name), k - 1] + args(list(a))


def anym(t, name, self_value, *a):
    return [7, T.methods[(t, name)] - 1] + self_value + args(list(a))


def anyobj(t, name, k, *a):
    return [8, T.methods[(t, name)] - 1, k - 1] + args(list(a))


def drop(k, t, name, a1, t2, name2, a2):
    return [9, k - 1, own(t, name)] + args(a1) + [T.methods[(t2, name2)] - 1] + args(a2)


def co(k, t, name, *a):
    # The coroutine calls own methods b+1, b+2, b+3 on its three resumes.
    b = (own(t, name) - 1) % len(T.bytype[t])
    return [10, b, k - 1] + args(list(a))


def resume(i, close=False):
    return [11, (i << 2) | (3 if close else 0)]


def arm(t, name, *a):
    b = (own(t, name) - 1) % len(T.bytype[t])
    return [12, b] + args(list(a))


def fcall(func, *a):
    return [13, T.funcs[func]] + args(list(a))


def rep(n, k, t, name, *a):
    return [14, n - 1, own(t, name), k - 1] + args(list(a))


def churn(n):
    return [15, min(n // 8, 255)]


KS, KC, KA, KL = "bdw.kinesis.stream", "bdw.kinesis.consumer", "bdw.kinesis.agent", \
    "bdw.kinesis.loggen"
FB, FS = "bdw.firehose.bucket", "bdw.firehose.stream"
GV, EC, EM, GC = "bdw.glacier.vault", "bdw.elasticache.cluster", "bdw.emr.cluster", \
    "bdw.glue.catalog"


def seeds():
    s = {}
    # athena
    s["athena-cost-scan"] = [
        ctor("aws.athena.cost", ("scanned", S("2GB")), ("status", S("succeeded"))),
        ctor("aws.athena.cost", ("scanned", C("0/0")), ("status", S("ddl"))),
        ctor("aws.athena.scan", ("size", S("2GB")), ("format", S("parquet")),
             ("compression", S("snappy")), ("columns", I(10)), ("columns_read", I(2)),
             ("partitions", I(100))),
        fcall("aws.athena.is_columnar", S("orc")),
        ctor("aws.athena.scan", ("size", C("math.huge")), ("columns", C("-1")),
             ("columns_read", C("math.maxinteger")), ("partitions_read", C("2^53+1"))),
    ]
    s["athena-hostile"] = [
        ctor_v("aws.athena.cost", HOST(1, ("status", S("failed")))),
        ctor_v("aws.athena.scan", HOST(2)),
        ctor_v("aws.athena.scan", HOST(7, ("format", S("orc")))),
        ctor_v("aws.athena.cost", HOST(8)),
        fcall("aws.athena.is_columnar", C('"a\\0b"')),
    ]
    # glacier
    s["glacier-vault-lock"] = [
        ctor("aws.glacier.vault", ("name", S("audit-logs")), ("tags", OPT(("name", S("x"))))),
        meth(1, GV, "upload", OPT(("size", S("2GB")), ("age", S("400d")))),
        meth(1, GV, "upload", OPT(("size", S("2GB")), ("age", S("90s")))),
        meth(1, GV, "inventory"),
        meth(1, GV, "initiate_lock", S("POLICY")),
        meth(1, GV, "get_lock"),
        fcall("clock.advance", S("1h30m")),
        meth(1, GV, "complete_lock", RES(3)),
        meth(1, GV, "try", S("DeleteArchive"), RES(0)),
        meth(1, GV, "costs"),
        meth(1, GV, "timeline"),
    ]
    s["glacier-module"] = [
        ctor("aws.glacier.estimate", ("size", S("2GB")), ("tier", S("Expedited"))),
        ctor("aws.glacier.estimate", ("size", S("250MB")), ("tier", S("Bulk"))),
        fcall("aws.glacier.set_provisioned_capacity", I(1)),
        fcall("aws.glacier.set_expedited_failure", C("0.5")),
        ctor("aws.glacier.vault", ("name", S("audit-logs"))),
        fcall("aws.glacier.policy_template", S("worm"), OPT(("days", I(365)), ("vault", OBJ(1)))),
        fcall("aws.glacier.policy_template", S("deny-delete-by-age")),
        fcall("aws.glacier.policy_template", S("require-mfa-delete"), OPT(("vault", S("x")))),
    ]
    s["glacier-jobs"] = [
        ctor("aws.glacier.vault", ("name", S("audit-logs"))),
        meth(1, GV, "upload", OPT(("size", S("20KB")), ("description", S("x")))),
        meth(1, GV, "initiate_job", OPT(("archive", RES(0)), ("tier", S("Expedited")))),
        meth(1, GV, "initiate_job", OPT(("archive", RES(0)), ("tier", S("Standard")))),
        meth(1, GV, "job", RES(1)),
        fcall("clock.advance", S("400d")),
        meth(1, GV, "get_job_output", RES(1)),
        meth(1, GV, "archive", RES(0)),
        meth(1, GV, "delete_archive", RES(0), OPT(("principal", S("444455556666")),
                                                  ("mfa", C("true")))),
    ]
    s["glacier-policies-tags"] = [
        ctor("aws.glacier.vault", ("name", S("audit-logs"))),
        meth(1, GV, "tag", S("key-0"), S("x")),
        meth(1, GV, "tags"),
        meth(1, GV, "untag", S("key-0")),
        meth(1, GV, "name"),
        meth(1, GV, "arn"),
        meth(1, GV, "set_access_policy", S("POLICY")),
        meth(1, GV, "get_access_policy"),
        meth(1, GV, "delete_access_policy"),
        meth(1, GV, "abort_lock"),
        meth(1, GV, "try", S("UploadArchive"), C("nil"), OPT(("size", S("1MB")), ("age", S("24")))),
    ]
    s["glacier-hostile-values"] = [
        ctor("aws.glacier.vault", ("name", C('"a\\0b"'))),
        ctor("aws.glacier.vault", ("name", C("BIG"))),
        ctor("aws.glacier.vault", ("name", S("audit-logs")), ("tags", HOST(3))),
        meth(1, GV, "upload", OPT(("size", C('"64MB\\0junk"')), ("age", C('"-5s"')))),
        meth(1, GV, "upload", OPT(("size", C("1e308")), ("age", C("1.9")))),
        meth(1, GV, "initiate_job", OPT(("archive", C("0/0")), ("tier", C("math.huge")))),
        meth(1, GV, "set_access_policy", C("BIG")),
    ]
    # kinesis
    s["kinesis-put-get"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders")), ("shards", I(2))),
        meth(1, KS, "put_record", OPT(("key", S("key-0")), ("data", S('"{\\"a\\":1}\\n"')))),
        meth(1, KS, "put_records", LIST(OPT(("key", S("key-0")), ("data", C('"x"'))),
                                        OPT(("key", S("session:42")), ("data", C('""'))))),
        meth(1, KS, "shards"),
        meth(1, KS, "shard_for_key", S("session:42")),
        meth(1, KS, "get_shard_iterator", OPT(("shard", I(0)), ("type", S("TRIM_HORIZON")))),
        meth(1, KS, "get_records", RES(5), I(100)),
        meth(1, KS, "name"),
    ]
    s["kinesis-reshard-retention"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders")), ("shards", I(2))),
        meth(1, KS, "split_shard", S("shardId-000000000000"),
             S("85070591730234615865843651857942052864")),
        meth(1, KS, "merge_shards", S("shardId-000000000000"), S("shardId-000000000001")),
        meth(1, KS, "update_shard_count", I(4)),
        meth(1, KS, "retention"),
        meth(1, KS, "increase_retention", I(168)),
        meth(1, KS, "decrease_retention", I(48)),
        meth(1, KS, "shards"),
    ]
    s["kinesis-fanout-metrics"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders")), ("shards", I(1))),
        meth(1, KS, "put_record", OPT(("key", S("key-0")), ("data", C('"x"')))),
        meth(1, KS, "register_consumer", S("analytics")),
        meth(1, KS, "get_shard_iterator", OPT(("type", S("LATEST")))),
        meth(1, KS, "subscribe_read", S("analytics"), RES(2)),
        meth(1, KS, "deregister_consumer", S("analytics")),
        meth(1, KS, "metrics"),
        meth(1, KS, "series", S("shardId-000000000000"), OPT(("seconds", I(60)))),
        meth(1, KS, "costs"),
    ]
    s["kinesis-produce"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders")), ("shards", I(2))),
        meth(1, KS, "produce", OPT(("rate", I(300)), ("seconds", I(5)), ("keys", I(10)),
                                   ("data", C("nil")))),
        meth(1, KS, "metrics"),
    ]
    s["kinesis-consumer"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders")), ("shards", I(1))),
        rep(5, 1, KS, "put_record", OPT(("key", S("key-0")), ("data", S("CadabraOrders")))),
        meth(1, KS, "consumer", OPT(("from", S("TRIM_HORIZON")), ("interval", S("1KB")))),
        meth(1, KS, "consumer", OPT(("from", S("TRIM_HORIZON")))),
        meth(2, KC, "run", OPT(("seconds", I(10)))),
        meth(2, KC, "stats"),
        meth(2, KC, "sample"),
    ]
    s["kinesis-agent"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders")), ("shards", I(1))),
        ctor("aws.kinesis.loggen", ("seed", I(7))),
        meth(2, KL, "write", I(50)),
        meth(2, KL, "files"),
        meth(2, KL, "line", I(1)),
        ctor("aws.kinesis.agent", ("config", S("AGENT_K")), ("logs", OBJ(2)),
             ("streams", LIST(OBJ(1)))),
        meth(1, KS, "consumer", OPT(("from", S("TRIM_HORIZON")))),
        meth(3, KA, "run", OPT(("duration", S("60s")), ("consumer", OBJ(4)))),
        meth(3, KA, "stats"),
        meth(3, KA, "checkpoints"),
    ]
    s["kinesis-module"] = [
        fcall("aws.kinesis.hash", S("key-0")),
        fcall("aws.kinesis.hash", C('"a\\0b"')),
        fcall("aws.kinesis.limits"),
        ctor("aws.kinesis.stream", ("name", S("x")), ("shards", C("(1<<32)+1"))),
        ctor("aws.kinesis.stream", ("name", S("x")), ("retention", C("0/0"))),
        ctor("aws.kinesis.stream", ("name", C('"a\\0b"')), ("series_seconds", C("-1"))),
    ]
    s["kinesis-hostile-values"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders")), ("shards", I(1))),
        meth(1, KS, "increase_retention", C("(1<<32)+1")),
        meth(1, KS, "put_record", OPT(("key", C("BIG")), ("data", C("BIG")))),
        meth(1, KS, "put_records", HOST(3)),
        meth(1, KS, "get_records", C('"x"'), C("math.mininteger")),
        meth(1, KS, "series", I(0), OPT(("seconds", C("math.maxinteger")))),
        meth(1, KS, "update_shard_count", C("1.9")),
        meth(1, KS, "split_shard", S("shardId-000000000000"), C('"1e400"')),
    ]
    # firehose
    s["firehose-bucket"] = [
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        meth(1, FB, "put", S("r/2024/01/01/dev-1/00.json"), S('"{\\"a\\":1}\\n"')),
        meth(1, FB, "put", S("sensors/"), OPT(("size", S("250MB")))),
        meth(1, FB, "objects", S("r/")),
        meth(1, FB, "get", S("r/2024/01/01/dev-1/00.json")),
        meth(1, FB, "name"),
        meth(1, FB, "put", C('""'), C('"x"')),
        meth(1, FB, "put", C('"a\\0b"'), OPT(("size", S("5TB")))),
    ]
    s["firehose-delivery"] = [
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        ctor("aws.firehose.delivery_stream", ("name", S("PurchaseLogs")), ("bucket", OBJ(1)),
             ("interval", S("60s"))),
        meth(2, FS, "put_record", C('"x"')),
        meth(2, FS, "put_record_batch", LIST(C('"x"'), S("key-0"))),
        fcall("clock.advance", S("90s")),
        meth(2, FS, "stats"),
        meth(1, FB, "objects"),
    ]
    s["firehose-agent"] = [
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        ctor("aws.firehose.delivery_stream", ("name", S("PurchaseLogs")), ("bucket", OBJ(1)),
             ("size", S("1MB"))),
        ctor("aws.kinesis.loggen", ("seed", I(1))),
        meth(3, KL, "write", I(20)),
        ctor("aws.kinesis.agent", ("config", S("AGENT_F")), ("logs", OBJ(3)),
             ("firehose", LIST(OBJ(2)))),
        meth(4, KA, "run", OPT(("seconds", I(30)), ("idle", C("true")))),
        meth(2, FS, "stats"),
    ]
    s["firehose-hostile-bucket"] = [
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        ctor_v("aws.firehose.delivery_stream", HOST(5, ("name", S("PurchaseLogs")))),
        ctor_v("aws.firehose.delivery_stream", HOST(1, ("bucket", OBJ(1)))),
        churn(2000),
        meth(1, FS, "put_record", C("BIG")),
    ]
    # elasticache
    s["elasticache-redis"] = [
        ctor("aws.elasticache.cluster", ("name", S("session:42")), ("shards", I(3)),
             ("policy", S("allkeys-lru")), ("node_memory", S("1MB"))),
        meth(1, EC, "set", S("session:42"), S("redis"), S("90s")),
        meth(1, EC, "set", S("key-0"), OPT(("size", S("20KB")))),
        meth(1, EC, "get", S("session:42")),
        meth(1, EC, "get", S("key-0")),
        meth(1, EC, "ttl", S("session:42")),
        meth(1, EC, "delete", S("session:42")),
        meth(1, EC, "stats"),
        meth(1, EC, "stats", I(1)),
        meth(1, EC, "shard_for", S("{user:42}:cart")),
    ]
    s["elasticache-memcached"] = [
        ctor("aws.elasticache.cluster", ("name", S("audit-logs")), ("engine", S("memcached")),
             ("shards", I(4))),
        rep(8, 1, EC, "set", U("key-0", 1), C('"x"')),
        meth(1, EC, "set_nodes", I(5)),
        meth(1, EC, "reboot", I(0)),
        meth(1, EC, "fail_primary", I(1)),
        meth(1, EC, "set", S("key-0"), OPT(("size", S("5MB")))),
        meth(1, EC, "engine"),
        meth(1, EC, "policy"),
        meth(1, EC, "shards"),
        meth(1, EC, "name"),
    ]
    s["elasticache-zset-workload"] = [
        ctor("aws.elasticache.cluster", ("name", S("audit-logs")), ("node_memory", S("1MB")),
             ("policy", S("allkeys-lru"))),
        meth(1, EC, "zadd", S("key-0"), I(4200), S("analytics")),
        meth(1, EC, "zadd", S("key-0"), C("0/0"), C('"x"')),
        meth(1, EC, "ztop", S("key-0"), I(10)),
        meth(1, EC, "workload", OPT(("keys", I(1000)), ("ops", I(2000)))),
        fcall("aws.elasticache.hash_slot", S("{user:42}:cart")),
        fcall("aws.elasticache.limits"),
    ]
    s["elasticache-hostile"] = [
        ctor("aws.elasticache.cluster", ("name", C("BIG"))),
        ctor("aws.elasticache.cluster", ("name", S("x")), ("shards", C("(1<<32)+1"))),
        ctor("aws.elasticache.cluster", ("name", S("x")), ("node_memory", C('"64MB\\0junk"'))),
        ctor_v("aws.elasticache.cluster", HOST(9)),
        ctor("aws.elasticache.cluster", ("name", S("x")), ("engine", S("redis"))),
        meth(1, EC, "set", S("key-0"), C("BIG"), C("1.9")),
        meth(1, EC, "ztop", S("key-0"), C("math.maxinteger")),
        meth(1, EC, "reboot", C("(1<<32)+1")),
        meth(1, EC, "workload", HOST(7)),
    ]
    # glue
    s["glue-crawl"] = [
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        meth(1, FB, "put", S("sensors/year=2024/month=01/day=05/device=d/0.json"),
             S('"{\\"a\\":1}\\n"')),
        meth(1, FB, "put", S("r/2024/01/01/dev-1/00.json"), OPT(("size", S("1MB")))),
        meth(1, FB, "put", U("r/2024/01/01/dev-1/00.json", 2), S('"host,status\\nweb-1,200\\n"')),
        ctor("aws.glue.crawl", ("bucket", OBJ(1)), ("path", S("r/"))),
        meth(2, GC, "tables"),
        meth(2, GC, "table", S("sensors")),
        meth(2, GC, "partitions", S("r"), I(2)),
        meth(2, GC, "objects_crawled"),
        meth(2, GC, "scan", S("r"), OPT(("partition_3", S("dev-2")))),
        ctor("aws.glue.crawl", ("bucket", OBJ(1)), ("table_level", I(2))),
    ]
    s["glue-hostile"] = [
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        meth(1, FB, "put", S("r/2024/01/01/dev-1/00.json"), OPT(("size", S("1MB")))),
        ctor("aws.glue.crawl", ("bucket", OBJ(1)), ("table_level", C("math.maxinteger"))),
        ctor("aws.glue.crawl", ("bucket", OBJ(1)), ("path", C('"a\\0b"'))),
        ctor_v("aws.glue.crawl", HOST(5, ("path", S("r/")))),
        ctor("aws.glue.crawl", ("bucket", OBJ(1))),
        meth(2, GC, "scan", S("r"), OPT(("partition_0", LIST(S("05"), C("nil"))))),
        meth(2, GC, "partitions", S("r"), C("math.mininteger")),
    ]
    # emr
    s["emr-cluster"] = [
        ctor("aws.emr.cluster", ("name", S("audit-logs")), ("master", OPT(("type", S("m4.large")))),
             ("core", OPT(("type", S("m4.xlarge")), ("count", I(4)))),
             ("task", LIST(OPT(("type", S("c4.xlarge")), ("count", I(2)),
                               ("market", S("SPOT")))))),
        meth(1, EM, "nodes"),
        meth(1, EM, "groups"),
        meth(1, EM, "review", S("general")),
        meth(1, EM, "hdfs"),
        meth(1, EM, "write", I(50)),
        meth(1, EM, "write", S("1MB")),
        meth(1, EM, "lose", S("task"), I(1)),
        meth(1, EM, "resize", I(3), I(0)),
        meth(1, EM, "usage"),
        meth(1, EM, "vcpus", C("true")),
        meth(1, EM, "terminated"),
    ]
    s["emr-lose-master"] = [
        ctor("aws.emr.cluster", ("name", S("x")), ("master", OPT(("type", S("m4.large")))),
             ("core", OPT(("type", S("m4.xlarge")), ("count", I(6)), ("market", S("SPOT"))))),
        meth(1, EM, "write", I(50)),
        meth(1, EM, "lose", S("core"), I(3)),
        meth(1, EM, "lose", S("master"), I(1)),
        meth(1, EM, "resize", I(2), I(4)),
        meth(1, EM, "write", I(1)),
        fcall("aws.emr.instance_types"),
        fcall("aws.emr.replication", I(10)),
    ]
    s["emr-hostile"] = [
        ctor("aws.emr.cluster", ("name", S("x")), ("master", OPT(("type", S("m4.large")))),
             ("core", OPT(("type", S("m4.xlarge")), ("count", C("(1<<32)+1"))))),
        ctor("aws.emr.cluster", ("name", S("x")), ("master", HOST(1)), ("core", HOST(6))),
        ctor("aws.emr.cluster", ("name", S("x")), ("master", OPT(("type", S("m4.large")))),
             ("core", OPT(("type", S("m4.xlarge")))), ("task", HOST(3))),
        ctor("aws.emr.cluster", ("name", S("x")), ("master", OPT(("type", S("m4.large")))),
             ("core", OPT(("type", S("m4.xlarge")))), ("core_disk", C('"64MB\\0junk"'))),
        fcall("aws.emr.replication", C("math.mininteger")),
        ctor("aws.emr.cluster", ("name", S("x")), ("master", OPT(("type", S("m4.large")))),
             ("core", OPT(("type", S("m4.xlarge"))))),
        meth(1, EM, "write", C("0/0")),
        meth(1, EM, "lose", S("core"), C("math.maxinteger")),
        meth(1, EM, "resize", C("(1<<32)+1"), I(1)),
    ]
    # clock and size
    s["clock-size"] = [
        fcall("clock.now"),
        fcall("clock.advance", S("1h30m")),
        fcall("clock.iso", C("-1")),
        fcall("clock.iso", C("math.maxinteger")),
        fcall("clock.duration", C('"-5s"')),
        fcall("clock.format", C("math.mininteger")),
        fcall("size.bytes", C('"2GB"')),
        fcall("size.format", C("1e308")),
        fcall("size.bytes", C('"64MB\\0junk"')),
        fcall("clock.advance", C("math.maxinteger")),
        fcall("clock.advance", C("1.9")),
    ]
    # wrong self types: every type's methods on other types and on values
    types = sorted(T.bytype)
    s["wrong-self-values"] = [
        anym(t, T.bytype[t][0], v) for t, v in zip(types, [
            C("nil"), C("{}"), C('"x"'), C("NEST"), C("print"), C("DEAD"), C("0/0"),
            C("setmetatable({}, H[2])"), C("coroutine.running()"), C("BIG"), C("1"),
            C("true")])
    ]
    s["wrong-self-objects"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        ctor("aws.glacier.vault", ("name", S("audit-logs"))),
        ctor("aws.elasticache.cluster", ("name", S("audit-logs"))),
        ctor("aws.kinesis.loggen", ("seed", I(1))),
    ] + [anyobj(t, T.bytype[t][-1], 1 + i % 5, C('"x"')) for i, t in enumerate(types)]
    # one object of each kind dropped, collected while a weak table holds it,
    # then called
    makers = {
        KS: [ctor("aws.kinesis.stream", ("name", S("CadabraOrders")))],
        FB: [ctor("aws.firehose.bucket", ("name", S("audit-logs")))],
        FS: [ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
             ctor("aws.firehose.delivery_stream", ("name", S("PurchaseLogs")),
                  ("bucket", OBJ(1)))],
        GV: [ctor("aws.glacier.vault", ("name", S("audit-logs")))],
        EC: [ctor("aws.elasticache.cluster", ("name", S("audit-logs")))],
        EM: [ctor("aws.emr.cluster", ("name", S("x")), ("master", OPT(("type", S("m4.large")))),
                  ("core", OPT(("type", S("m4.xlarge")))))],
        GC: [ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
             meth(1, FB, "put", S("r/2024/01/01/dev-1/00.json"), C('"x"')),
             ctor("aws.glue.crawl", ("bucket", OBJ(1)))],
        KL: [ctor("aws.kinesis.loggen", ("seed", I(1)))],
        KC: [ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
             meth(1, KS, "consumer", OPT(("from", S("TRIM_HORIZON"))))],
        KA: [ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
             ctor("aws.kinesis.loggen", ("seed", I(1))),
             ctor("aws.kinesis.agent", ("config", S("AGENT_K")), ("logs", OBJ(2)),
                  ("streams", LIST(OBJ(1))))],
    }
    first_arg = {
        KS: [OPT(("key", S("key-0")), ("data", C('"x"')))], FB: [S("key-0"), C('"x"')],
        FS: [C('"x"')], GV: [OPT(("size", S("1KB")))], EC: [S("key-0"), C('"x"')],
        EM: [I(1)], GC: [S("r")], KL: [I(1)], KC: [OPT(("seconds", I(1)))],
        KA: [OPT(("seconds", I(1)))],
    }
    busy = {KS: "put_record", FB: "put", FS: "put_record", GV: "upload", EC: "set",
            EM: "write", GC: "tables", KL: "write", KC: "run", KA: "run"}
    for t, make in makers.items():
        if t not in T.bytype:
            continue
        name = "drop-" + t[4:].replace(".", "-")
        # the object made last is the one dropped
        last = {FS: 2, GC: 2, KC: 2, KA: 3}.get(t, 1)
        s[name] = make + [drop(last, t, busy[t], first_arg[t], t, T.bytype[t][0], [])]
    # coroutines that hold an object
    s["coroutine-holds-stream"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
        co(1, KS, "put_record", OPT(("key", S("key-0")), ("data", C('"x"')))),
        drop(1, KS, "name", [], KS, "name", []),
        resume(0), resume(0), resume(0), resume(0),
    ]
    s["coroutine-holds-vault"] = [
        ctor("aws.glacier.vault", ("name", S("audit-logs"))),
        co(1, GV, "upload", OPT(("size", S("1KB")))),
        ctor("aws.elasticache.cluster", ("name", S("audit-logs"))),
        co(2, EC, "set", S("key-0"), C('"x"')),
        resume(0), resume(1), resume(0, close=True), resume(1), resume(0),
    ]
    # finalizers armed before the objects: at close they run after the
    # objects' own __gc and call methods on them
    s["finalizer-at-close"] = [
        arm(KS, "name"),
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        ctor("aws.glacier.vault", ("name", S("audit-logs"))),
        ctor("aws.elasticache.cluster", ("name", S("audit-logs"))),
        ctor("aws.kinesis.loggen", ("seed", I(1))),
    ]
    s["finalizer-at-close-2"] = [
        arm(GV, "inventory"),
        ctor("aws.emr.cluster", ("name", S("x")), ("master", OPT(("type", S("m4.large")))),
             ("core", OPT(("type", S("m4.xlarge"))))),
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        ctor("aws.glue.crawl", ("bucket", OBJ(2))),
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
        meth(4, KS, "consumer"),
    ]
    # option tables that hand over the last reference to an object
    s["hostile-handover-agent"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
        ctor("aws.kinesis.loggen", ("seed", I(1))),
        ctor_v("aws.kinesis.agent", HOST(5, ("config", S("AGENT_K")))),
        churn(2000),
    ]
    s["hostile-fresh-strings"] = [
        ctor_v("aws.kinesis.stream", HOST(1)),
        ctor_v("aws.glacier.vault", HOST(1)),
        ctor_v("aws.elasticache.cluster", HOST(1)),
        ctor_v("aws.firehose.bucket", HOST(1)),
        ctor_v("aws.kinesis.loggen", HOST(1)),
        ctor_v("aws.glacier.estimate", HOST(1)),
    ]
    s["hostile-raise-and-len"] = [
        ctor_v("aws.emr.cluster", HOST(2)),
        ctor_v("aws.glue.crawl", HOST(2)),
        ctor_v("aws.kinesis.agent", HOST(8)),
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
        meth(1, KS, "put_records", HOST(4)),
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        ctor("aws.firehose.delivery_stream", ("name", S("PurchaseLogs")), ("bucket", OBJ(2))),
        meth(3, FS, "put_record_batch", HOST(3)),
    ]
    s["hostile-numbers"] = [
        ctor("aws.kinesis.stream", ("name", S("x")), ("shards", C("2^31"))),
        ctor("aws.kinesis.stream", ("name", S("x")), ("shards", C("-0.0"))),
        ctor("aws.elasticache.cluster", ("name", S("x")), ("replicas", C("2^53+1"))),
        ctor("aws.elasticache.cluster", ("name", S("x")), ("node_memory", C('"1e400"'))),
        ctor("aws.glacier.estimate", ("size", C("-1")), ("tier", S("Expedited"))),
        ctor("aws.glacier.estimate", ("size", C("1e308")), ("tier", S("Bulk"))),
        ctor("aws.kinesis.loggen", ("lines", C("math.maxinteger")), ("rate", C("0/0"))),
        ctor("aws.firehose.delivery_stream", ("name", S("x")), ("interval", C('"-5s"'))),
    ]
    s["glacier-try-actions"] = [
        ctor("aws.glacier.vault", ("name", S("audit-logs"))),
        meth(1, GV, "upload", OPT(("size", S("1MB")), ("age", S("400d")))),
        meth(1, GV, "initiate_lock", S("POLICY")),
        meth(1, GV, "try", S("DeleteArchive"), RES(0), OPT(("principal", S("444455556666")))),
        meth(1, GV, "try", S("InitiateJob"), RES(0), OPT(("tier", S("Bulk")))),
        meth(1, GV, "try", S("GetJobOutput"), C('"x"')),
        meth(1, GV, "try", S("SetVaultAccessPolicy"), S("POLICY"), OPT(("mfa", C("false")))),
        meth(1, GV, "try", S("CompleteVaultLock"), RES(1)),
        meth(1, GV, "try", S("InitiateVaultLock"), C("BIG")),
        meth(1, GV, "try", C('"a\\0b"'), C("0/0")),
    ]
    s["glacier-expedited-capacity"] = [
        fcall("aws.glacier.set_provisioned_capacity", I(1)),
        fcall("aws.glacier.set_expedited_failure", I(1)),
        ctor("aws.glacier.vault", ("name", S("audit-logs"))),
        meth(1, GV, "upload", OPT(("size", S("1MB")))),
        rep(5, 1, GV, "initiate_job", OPT(("archive", RES(0)), ("tier", S("Expedited")))),
        fcall("aws.glacier.set_provisioned_capacity", C("(1<<32)+1")),
        fcall("aws.glacier.set_expedited_failure", C("0/0")),
        meth(1, GV, "costs"),
    ]
    s["kinesis-throttle"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
        rep(8, 1, KS, "put_record", OPT(("key", S("key-0")), ("data", C("BIG")))),
        meth(1, KS, "put_records", LIST(OPT(("key", S("key-0")), ("data", C("BIG"))),
                                        OPT(("key", C('""')), ("data", C('"x"'))),
                                        OPT(("data", C('"x"'))), C('"x"'))),
        meth(1, KS, "put_record", OPT(("key", S("key-0")), ("data", C('"x"')),
                                      ("hash", S("340282366920938463463374607431768211455")))),
        meth(1, KS, "metrics"),
    ]
    s["kinesis-iterators"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
        meth(1, KS, "put_record", OPT(("key", S("key-0")), ("data", C('"x"')))),
        meth(1, KS, "get_shard_iterator", OPT(("shard", S("shardId-000000000000")),
                                              ("type", S("AT_SEQUENCE_NUMBER")),
                                              ("sequence_number", RES(0)))),
        meth(1, KS, "get_shard_iterator", OPT(("shard", I(0)), ("type", S("AT_TIMESTAMP")),
                                              ("timestamp", C("math.maxinteger")))),
        meth(1, KS, "get_shard_iterator", OPT(("shard", I(0)), ("type", S("AFTER_SEQUENCE_NUMBER")),
                                              ("sequence_number", C('"1e400"')))),
        fcall("clock.advance", S("400d")),
        meth(1, KS, "get_records", RES(1), C("math.maxinteger")),
        meth(1, KS, "get_records", RES(2), C("-1")),
    ]
    s["elasticache-workload-memcached"] = [
        ctor("aws.elasticache.cluster", ("name", S("audit-logs")), ("engine", S("memcached")),
             ("node_memory", S("1MB"))),
        meth(1, EC, "workload", OPT(("keys", I(500)), ("ops", I(3000)), ("ttl", S("90s")),
                                    ("value_bytes", S("1KB")), ("write_share", C("0.5")))),
        meth(1, EC, "workload", OPT(("keys", C("math.maxinteger")), ("ops", C("0/0")))),
        meth(1, EC, "stats", I(0)),
        meth(1, EC, "stats", C("math.mininteger")),
    ]
    s["emr-review-workloads"] = [
        ctor("aws.emr.cluster", ("name", S("x")), ("master", OPT(("type", S("m4.large")))),
             ("core", OPT(("type", S("m4.xlarge")), ("count", I(20)))),
             ("task", LIST(OPT(("type", S("m4.xlarge")), ("count", I(39)))))),
        meth(1, EM, "review", S("compute")),
        meth(1, EM, "review", S("memory")),
        meth(1, EM, "review", S("network-ml")),
        meth(1, EM, "review", S("external-wait")),
        meth(1, EM, "review", C('"x"')),
        meth(1, EM, "vcpus", C("0/0")),
    ]
    s["firehose-batch-limits"] = [
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        ctor("aws.firehose.delivery_stream", ("name", S("PurchaseLogs")), ("bucket", OBJ(1)),
             ("prefix", S("r/")), ("size", S("250MB")), ("interval", S("90s"))),
        meth(2, FS, "put_record_batch", LIST(C("BIG"), C("BIG"), C("BIG"), C("BIG"))),
        meth(2, FS, "put_record_batch", LIST(C("{}"), C("nil"), C('"x"'))),
        meth(2, FS, "put_record", C('"a\\0b"')),
        fcall("clock.advance", S("400d")),
        meth(2, FS, "stats"),
    ]
    s["mixed-wrong-objects-in-options"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
        ctor("aws.glacier.vault", ("name", S("audit-logs"))),
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        ctor("aws.glue.crawl", ("bucket", OBJ(1))),
        ctor("aws.firehose.delivery_stream", ("name", S("PurchaseLogs")), ("bucket", OBJ(2))),
        ctor("aws.kinesis.agent", ("config", S("AGENT_K")), ("logs", OBJ(1)),
             ("streams", LIST(OBJ(3), C("nil"), OBJ(2)))),
        ctor("aws.kinesis.agent", ("config", S("AGENT_F")), ("logs", C("{}")),
             ("firehose", OBJ(3))),
        fcall("aws.glacier.policy_template", S("worm"), OPT(("vault", OBJ(1)))),
    ]
    s["kinesis-stream-dropped-under-consumer"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
        meth(1, KS, "put_record", OPT(("key", S("key-0")), ("data", C('"x"')))),
        meth(1, KS, "consumer", OPT(("from", S("TRIM_HORIZON")))),
        drop(1, KS, "name", [], KS, "name", []),
        meth(1, KC, "run", OPT(("seconds", I(5)))),
        meth(1, KC, "sample"),
    ]
    s["kinesis-stream-dropped-under-agent"] = [
        ctor("aws.kinesis.stream", ("name", S("CadabraOrders"))),
        ctor("aws.kinesis.loggen", ("seed", I(1))),
        ctor("aws.kinesis.agent", ("config", S("AGENT_K")), ("logs", OBJ(2)),
             ("streams", LIST(OBJ(1)))),
        drop(1, KS, "name", [], KS, "name", []),
        meth(1, KL, "write", I(20)),
        meth(2, KA, "run", OPT(("seconds", I(5)))),
    ]
    s["bucket-dropped-under-hose-catalog"] = [
        ctor("aws.firehose.bucket", ("name", S("audit-logs"))),
        meth(1, FB, "put", S("r/2024/01/01/dev-1/00.json"), C('"x"')),
        ctor("aws.glue.crawl", ("bucket", OBJ(1))),
        ctor("aws.firehose.delivery_stream", ("name", S("PurchaseLogs")), ("bucket", OBJ(1)),
             ("interval", S("60s"))),
        drop(1, FB, "name", [], FB, "name", []),
        meth(2, FS, "put_record", C('"x"')),
        fcall("clock.advance", S("400d")),
        meth(2, FS, "stats"),
        meth(1, GC, "scan", S("r")),
    ]
    return s


def main():
    global T
    T = Tables(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name, stmts in seeds().items():
        data = bytearray()
        for st in stmts:
            data += bytes(st)
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print(len(seeds()), "seeds in", out)


if __name__ == "__main__":
    main()
