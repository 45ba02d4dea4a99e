-- attack: table.concat over 2^63 entries whose __index is a C function (table.concat): a C loop with no VM instruction
-- via: script play lint
-- expect: stopped or refused @bounded
local t = setmetatable({}, { __index = table.concat })
table.concat(t, "", 1, math.maxinteger)
