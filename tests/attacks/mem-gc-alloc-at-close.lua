-- attack: a __gc finalizer run when the state closes (outside the protected call) that allocates 400 MB
-- via: script play lint
-- expect: refused /__gc/
KEEP = setmetatable({}, { __gc = function()
  local t = {}
  for i = 1, 5e7 do t[i] = i end
end })
