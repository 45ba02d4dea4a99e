-- attack: a __gc finalizer run at close that loops under pcall, so that an error from a hook is swallowed
-- via: script
-- expect: refused /__gc/
KEEP = setmetatable({}, { __gc = function()
  while true do pcall(function() while true do end end) end
end })
