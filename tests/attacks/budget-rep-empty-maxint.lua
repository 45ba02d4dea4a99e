-- attack: string.rep("", math.maxinteger): nothing to allocate, 2^63 iterations of a C loop
-- via: script play lint
-- expect: stopped or refused @bounded
local s = string.rep("", math.maxinteger)
