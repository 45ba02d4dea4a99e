-- attack: a metatable with __gc = true (not a function) marks the object for finalization; the real finalizer is put in afterwards
-- via: script
-- expect: refused /__gc/
local mt = { __gc = true }
KEEP = setmetatable({}, mt)
mt.__gc = function() while true do end end
