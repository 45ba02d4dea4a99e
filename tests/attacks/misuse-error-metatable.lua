-- attack: the shared metatable of AWS error tables: getmetatable must give false, and it cannot be replaced or edited
-- via: script play
-- expect: survives
local _, err = aws.elasticache.cluster { name = "x", engine = "mongodb" }
assert(type(err) == "table" and err.code, "no AWS error to look at")
assert(getmetatable(err) == false, "getmetatable(err) is " .. tostring(getmetatable(err)))
assert(not pcall(setmetatable, err, {}), "the error metatable was replaced")
local _, err2 = aws.elasticache.cluster { name = "y", engine = "mongodb" }
assert(tostring(err2):find("InvalidParameterValue"), "tostring(err) is " .. tostring(err2))
print("error metatable protected")
