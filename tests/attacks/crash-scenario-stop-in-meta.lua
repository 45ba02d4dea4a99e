-- attack: the scenario table's __index loops until the budget stops it, while bdw reads the metadata
-- via: lint play
-- expect: refused /{file}/ or survives
return setmetatable(scenario { id = "atk.stop-in-meta", title = "Stop in the metadata",
                               run = function(s) s:say("hello") end },
                    { __index = function() while true do end end })
