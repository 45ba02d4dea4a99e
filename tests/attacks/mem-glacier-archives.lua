-- attack: many vaults, each with many archives with long descriptions and tags
-- via: script
-- expect: memory or stopped
local desc = ("d"):rep(1000)
local i = 0
while true do
  i = i + 1
  local v = aws.glacier.vault { name = "v" .. i }
  for j = 1, 1000 do v:upload { size = "1MB", description = desc, tags = { k = desc } } end
end
