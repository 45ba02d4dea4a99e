-- attack: getmetatable("").__index.rep = ... to change every string's methods
-- via: script
-- expect: refused /attempt to index/
getmetatable("").__index.rep = function() return "pwned" end
