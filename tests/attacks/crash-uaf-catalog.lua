-- attack: methods called on a Glue catalog (with its bucket) whose C __gc has already run (a weak-keyed table still holds it for one GC cycle): refused (closed or freed), or harmless
-- via: script
-- expect: survives
local w = setmetatable({}, { __mode = "k" })
w[(function() local b = assert(aws.firehose.bucket { name = "uaf-lake" }); assert(b:put("t/a.json", "{\"a\":1}\n")); return assert(aws.glue.crawl { bucket = b }) end)()] = true
local use = function(cat) cat:tables(); cat:table("t"); cat:partitions("t"); cat:scan("t"); return cat:objects_crawled() end
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
