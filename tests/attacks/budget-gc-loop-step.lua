-- attack: a __gc finalizer that loops, run at a GC step while garbage is allocated
-- via: script play lint
-- expect: refused /__gc/
setmetatable({}, { __gc = function() while true do end end })
for i = 1, 1e6 do local t = { i } end
