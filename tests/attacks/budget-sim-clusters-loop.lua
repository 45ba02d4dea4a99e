-- attack: create ElastiCache clusters of 15 shards with 5 replicas each until something gives
-- via: script
-- expect: memory or stopped
local i = 0
while true do
  i = i + 1
  aws.elasticache.cluster { name = "c" .. i, shards = 15, replicas = 5, node_memory = "256MB" }
end
