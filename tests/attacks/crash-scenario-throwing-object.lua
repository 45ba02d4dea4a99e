-- attack: a scenario table whose __index throws a table whose __tostring loops
-- via: lint play
-- expect: refused /{file}/ or survives
return setmetatable(scenario { id = "atk.throwing-object", title = "Throwing object",
                               run = function(s) s:say("hello") end },
                    { __index = function() error(setmetatable({}, { __tostring = function() while true do end end })) end })
