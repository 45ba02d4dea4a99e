-- attack: string.rep("x", 1e9): a 1 GB string in one call
-- via: script
-- expect: memory or stopped or refused @bounded
local s = string.rep("x", 1e9)
