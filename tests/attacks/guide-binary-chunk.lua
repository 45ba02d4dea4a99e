-- attack: binary chunks through load, whatever mode is asked for
-- via: script play
-- expect: survives
local bin = "\27LuaT\0\25\147\r\n\26\n\4\8\8xV\0\0\0\0\0\0\0\0\0\0\0(w@\1"
for _, mode in ipairs { "default", "b", "bt", "t" } do
  local f, err
  if mode == "default" then f, err = load(bin) else f, err = load(bin, "bin", mode) end
  assert(f == nil, "a binary chunk loaded with mode " .. tostring(mode))
  assert(tostring(err):find("binary") or tostring(err):find("mode"), "the refusal does not say why: " .. tostring(err))
end
assert(not pcall(load, function() return "\27Lua" end), "load took a reader function")
print("binary chunks refused")
