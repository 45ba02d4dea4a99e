-- attack: a table that grows without end
-- via: script play lint
-- expect: memory
local t, i = {}, 0
while true do i = i + 1; t[i] = i end
