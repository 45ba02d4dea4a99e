-- attack: create Kinesis streams of 10,000 shards until something gives
-- via: script
-- expect: memory or stopped
local i = 0
while true do
  i = i + 1
  aws.kinesis.stream { name = "s" .. i, shards = 10000 }
end
