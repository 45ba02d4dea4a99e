-- attack: a string doubled until it is too big: s = s .. s
-- via: script
-- expect: memory
local s = "x"
while true do s = s .. s end
