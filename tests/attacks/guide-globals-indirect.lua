-- attack: reach os, io, debug, package through _G, _ENV, load's env argument and the string library: none is there
-- via: script
-- expect: survives
for _, name in ipairs { "os", "io", "debug", "package", "require", "dofile", "loadfile", "collectgarbage",
                        "rawset", "rawget", "rawequal", "rawlen", "warn" } do
  assert(not pcall(function() return _G[name] end), "_G." .. name .. " is reachable")
  assert(not pcall(function() return _ENV[name] end), "_ENV." .. name .. " is reachable")
  assert(not pcall(load("return " .. name)), "load('return " .. name .. "') reached it")
  assert(load("return " .. name, "x", "t", {})() == nil, "load with an env reached " .. name)
end
assert(string.dump == nil, "string.dump is reachable")
assert(("").dump == nil, "string.dump is reachable through a string")
assert(not pcall(function() return getmetatable("").__index end), "the string metatable is reachable")
for k in pairs(_G) do
  assert(k ~= "os" and k ~= "io" and k ~= "debug" and k ~= "package", "pairs(_G) lists " .. k)
end
print("nothing reachable")
