-- attack: string.format with 900,000 %s conversions, again and again
-- via: script
-- expect: stopped or memory or refused @bounded
local args = {}
for i = 1, 9e5 do args[i] = "" end
local fmt = ("%s"):rep(9e5)
while true do fmt:format(table.unpack(args)) end
