-- attack: put_records of four 1 MB records, a simulated second apart, until the simulator's memory is full
-- via: script
-- expect: memory or stopped
local st = assert(aws.kinesis.stream { name = "fat", shards = 4, retention = 8760 })
local mb = ("x"):rep(1000 * 1024)
local n = 0
while true do
  local batch = {}
  for i = 1, 4 do n = n + 1; batch[i] = { key = "k" .. n, data = mb } end
  st:put_records(batch)
  clock.advance("1s")
end
