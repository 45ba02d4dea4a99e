-- attack: an __lt metamethod that loops, called from C by table.sort
-- via: script
-- expect: stopped
local mt = { __lt = function() while true do end end }
table.sort({ setmetatable({}, mt), setmetatable({}, mt), setmetatable({}, mt) })
