-- attack: a to-be-closed variable whose __close loops (with pcall) runs while the stop unwinds the main thread
-- via: script
-- expect: stopped
local guard <close> = setmetatable({}, { __close = function()
  while true do pcall(function() while true do end end) end
end })
while true do end
