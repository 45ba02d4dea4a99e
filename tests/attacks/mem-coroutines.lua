-- attack: coroutines kept without end, each suspended with a deep stack
-- via: script
-- expect: memory
local keep = {}
local function deep(n) if n > 0 then return deep(n - 1) + 1 end coroutine.yield() return 0 end
while true do
  local co = coroutine.create(deep)
  coroutine.resume(co, 150)
  keep[#keep + 1] = co
end
