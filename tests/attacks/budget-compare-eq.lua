-- attack: two distinct, equal 20 MB strings compared in a loop: each == is a 20 MB memcmp in one VM instruction (the time limit must stop it)
-- via: script
-- expect: stopped
local a = ("x"):rep(20e6)
local b = ("x"):rep(20e6)
local n = 0
while true do if a == b then n = n + 1 end end
