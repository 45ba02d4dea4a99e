-- attack: string.rep with an empty string and an empty separator, 10^15 times
-- via: script
-- expect: stopped or refused @bounded
local s = ("").rep("", 1e15, "")
