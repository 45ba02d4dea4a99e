-- attack: s:choose with an options table whose __len says a billion and whose __index makes fresh strings: read raw, or refused quickly
-- via: play
-- expect: survives
return scenario { id = "atk.s-opts", title = "Options with metamethods", summary = "s", topics = { "athena.cost" },
  run = function(s)
    local weird = setmetatable({}, { __len = function() return 1e9 end,
                                     __index = function(_, k) return ("x"):rep(100) .. tostring(k) end })
    local ok, err = pcall(s.choose, s, "Which?", weird)
    s:say("choose gave " .. tostring(ok) .. " " .. tostring(err))
    local ok2 = pcall(s.show, s, setmetatable({}, { __index = function(_, k) return { ("y"):rep(100) } end }))
    s:say("show gave " .. tostring(ok2))
  end }
