-- attack: a plain (no pattern) find of 500,000 a's then b in a million a's: 2.5*10^11 bytes compared in one call
-- via: script
-- expect: stopped or refused @bounded
local hay = ("a"):rep(1e6)
hay:find(("a"):rep(5e5) .. "b", 1, true)
