-- attack: clock.iso(-1) (and other instants before 1970 or past 9999): refused, or a correct timestamp
-- via: script
-- expect: survives
local function iso(ms)
  local ok, r = pcall(clock.iso, ms)
  return ok and r or nil
end
local r = iso(-1)
assert(r == nil or r == "1969-12-31T23:59:59.999Z", "clock.iso(-1) gave " .. tostring(r))
for _, ms in ipairs { math.mininteger, math.maxinteger, -86400000 * 400 } do
  local t = iso(ms)
  assert(t == nil or t:match("^%-?%d%d%d%d+%-%d%d%-%d%dT%d%d:%d%d:%d%d%.%d%d%dZ$"), "clock.iso gave " .. tostring(t))
end
print(r)
