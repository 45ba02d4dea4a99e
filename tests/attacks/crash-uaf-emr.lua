-- attack: methods called on a EMR cluster whose C __gc has already run (a weak-keyed table still holds it for one GC cycle): refused (closed or freed), or harmless
-- via: script
-- expect: survives
local w = setmetatable({}, { __mode = "k" })
w[assert(aws.emr.cluster { name = "uaf", master = { type = "m4.large" }, core = { type = "m4.xlarge", count = 2 } })] = true
local use = function(c) c:groups(); c:hdfs(); c:write(1); c:usage(); c:review(); return c:nodes() end
local rounds, uses, refused = 0, 0, 0
while next(w) ~= nil and rounds < 3000 do
  for obj in pairs(w) do
    local ok, err = pcall(use, obj)
    uses = uses + 1
    if not ok then
      assert(tostring(err):find("closed") or tostring(err):find("freed"), "a collected object gave: " .. tostring(err))
      refused = refused + 1
    end
  end
  local junk = {}
  for i = 1, 300 do junk[i] = { i } end
  rounds = rounds + 1
end
print(string.format("%d rounds, %d uses, %d refused", rounds, uses, refused))
