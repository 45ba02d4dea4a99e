-- attack: a loop of ElastiCache workloads at the documented maximum: 10 million operations over a million keys, each call
-- via: script
-- expect: stopped or memory
local c = assert(aws.elasticache.cluster { name = "cache", node_memory = "256MB", policy = "allkeys-lru" })
while true do c:workload { keys = 1e6, ops = 1e7 } end
