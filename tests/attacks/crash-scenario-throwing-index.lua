-- attack: a scenario table whose __index throws, on the search path: bdw reads the metadata (a clean error naming the file, never an abort)
-- via: lint play
-- expect: refused /{file}/ or survives
return setmetatable(scenario { id = "atk.throwing", title = "Throwing index",
                               run = function(s) s:say("hello") end },
                    { __index = function(_, k) error("no field " .. tostring(k)) end })
