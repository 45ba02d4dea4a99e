-- attack: a __gc finalizer that loops, kept alive until the state closes (finalizers run at lua_close)
-- via: script play lint
-- expect: refused /__gc/
KEEP = setmetatable({}, { __gc = function() while true do end end })
