-- attack: ("%s"):rep(200):format of 200 one-megabyte strings: 200 MB in one call
-- via: script
-- expect: memory or stopped or refused @bounded
local mb = ("x"):rep(1 << 20)
local args = {}
for i = 1, 200 do args[i] = mb end
local r = ("%s"):rep(200):format(table.unpack(args))
