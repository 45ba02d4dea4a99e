-- attack: table.concat of 200 references to one 1 MB string: a 200 MB buffer built in C
-- via: script
-- expect: memory
local mb = ("x"):rep(1 << 20)
local t = {}
for i = 1, 200 do t[i] = mb end
local big = table.concat(t)
