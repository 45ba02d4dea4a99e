-- attack: clock.advance(-1), clock.advance(1.9), "-5s", NaN, infinity, maxinteger: refused, the clock unmoved
-- via: script
-- expect: survives
local t0 = clock.now()
for _, d in ipairs { -1, 1.9, "-5s", "-1h", 0/0, math.huge, -math.huge, math.mininteger, "5s\0junk", "1.5.5s", "" } do
  local ok = pcall(clock.advance, d)
  assert(not ok, "clock.advance(" .. tostring(d) .. ") was accepted")
  assert(clock.now() == t0, "the clock moved")
end
for _, d in ipairs { "-5s", -1, 1.9, "5s\0junk" } do
  assert(not pcall(clock.duration, d), "clock.duration(" .. tostring(d) .. ") was accepted")
end
local ok = pcall(clock.advance, math.maxinteger)
assert(clock.now() >= t0, "the clock went back")
print("the clock refuses bad durations")
