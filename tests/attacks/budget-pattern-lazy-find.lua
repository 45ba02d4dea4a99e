-- attack: ("a"):rep(4e5):find(".-b"): a quadratic scan, 8*10^10 steps in one C call
-- via: script
-- expect: stopped or refused @bounded
local s = ("a"):rep(4e5)
s:find(".-b")
