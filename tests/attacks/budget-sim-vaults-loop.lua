-- attack: create Glacier vaults, each with a tag and a policy, until something gives
-- via: script
-- expect: memory or stopped
local policy = aws.glacier.policy_template("worm")
local i = 0
while true do
  i = i + 1
  local v = aws.glacier.vault { name = "v" .. i, tags = { owner = ("x"):rep(200) } }
  v:set_access_policy(policy)
end
