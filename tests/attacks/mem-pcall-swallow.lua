-- attack: the memory error swallowed by pcall, again and again (the cap must hold each time; the budget ends the loop)
-- via: script
-- expect: memory or stopped
while true do
  pcall(function() local t = {} while true do t[#t + 1] = { 1, 2, 3 } end end)
end
