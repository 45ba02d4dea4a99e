-- attack: an __eq metamethod that loops
-- via: script
-- expect: stopped
local mt = { __eq = function() while true do end end }
local a, b = setmetatable({}, mt), setmetatable({}, mt)
return a == b
