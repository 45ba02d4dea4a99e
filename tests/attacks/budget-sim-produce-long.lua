-- attack: a producer at 10,000 records/s for a week of simulated time
-- via: script
-- expect: stopped or memory or refused @bounded
local st = assert(aws.kinesis.stream { name = "long", shards = 4 })
st:produce { rate = 1e4, seconds = 7 * 86400 }
