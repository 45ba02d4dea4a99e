-- attack: a < b on two equal 20 MB strings in a loop (strcoll over 20 MB per instruction)
-- via: script
-- expect: stopped
local a = ("x"):rep(20e6)
local b = ("x"):rep(20e6)
while true do local _ = a < b end
