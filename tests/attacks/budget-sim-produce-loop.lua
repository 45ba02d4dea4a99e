-- attack: a loop of small producer calls, each within its documented range
-- via: script
-- expect: stopped or memory
local st = assert(aws.kinesis.stream { name = "many", shards = 2 })
while true do st:produce { rate = 1000, seconds = 1 } end
