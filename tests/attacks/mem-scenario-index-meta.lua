-- attack: the scenario table's __index allocates without end while bdw reads its metadata (must be read raw)
-- via: lint play
-- expect: survives or refused /{file}/
return setmetatable({
  id = "atk.index-meta", title = "Index on the metadata",
  run = function(s) s:say("hello") end,
}, { __index = function() local t = {} for i = 1, 1e8 do t[i] = i end end })
