-- attack: recursion through __index (C stack): a clean C stack overflow
-- via: script
-- expect: refused /stack overflow/
local t
t = setmetatable({}, { __index = function(_, k) return t[k .. "x"] end })
return t.a
