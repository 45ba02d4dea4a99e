-- attack: SET of 1 MB values under fresh keys in big Redis clusters that never evict, until memory is full
-- via: script
-- expect: memory or stopped
local mb = ("v"):rep(1 << 20)
local n = 0
for c = 1, 1000 do
  local cl = assert(aws.elasticache.cluster { name = "c" .. c, shards = 15, node_memory = "1GB", policy = "noeviction" })
  for i = 1, 4000 do n = n + 1; cl:set("k" .. n, mb) end
end
