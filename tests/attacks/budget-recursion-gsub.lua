-- attack: gsub whose replacement function recurses into gsub (C stack)
-- via: script
-- expect: refused /stack overflow/
local function f(c) return (("ab"):gsub(".", f)) end
f("a")
