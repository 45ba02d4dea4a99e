-- attack: one producer call at the documented maximum rate: 10 million records in one C call
-- via: script play
-- expect: stopped or memory
local st = assert(aws.kinesis.stream { name = "huge", shards = 1 })
st:produce { rate = 1e7, seconds = 1 }
