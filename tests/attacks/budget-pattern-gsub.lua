-- attack: gsub with a lazy pattern that never matches: quadratic, in one C call
-- via: script
-- expect: stopped or refused @bounded
local s = ("a"):rep(4e5)
s:gsub(".-b", "")
