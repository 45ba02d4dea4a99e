-- attack: nested xpcalls, each message handler itself calling xpcall with a looping handler
-- via: script
-- expect: stopped
local function handler()
  while true do xpcall(error, handler) end
end
xpcall(function() xpcall(error, handler) end, handler)
