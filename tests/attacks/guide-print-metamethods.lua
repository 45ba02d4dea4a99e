-- attack: print of values whose __tostring errors, returns a non-string, or loops under pcall
-- via: script
-- expect: survives
assert(not pcall(print, setmetatable({}, { __tostring = function() error("boom") end })))
assert(not pcall(print, setmetatable({}, { __tostring = function() return {} end })))
assert(pcall(print, setmetatable({}, { __name = {} })))
assert(pcall(print, setmetatable({}, { __name = ("n"):rep(1e5) })))
print("print survived")
