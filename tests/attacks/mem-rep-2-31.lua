-- attack: string.rep("x", 2^31): a 2 GB string
-- via: script play
-- expect: memory or refused /too large/
local s = string.rep("x", 2^31)
