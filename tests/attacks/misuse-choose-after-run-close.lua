-- attack: without finalizers: s kept in a suspended coroutine with a pending __close that calls s:choose (nothing may run it after run() returns)
-- via: play
-- expect: survives
-- output-lacks: /too late/
return scenario { id = "atk.late-close", title = "Late choose (close)", summary = "s", topics = { "athena.cost" },
  run = function(s)
    s:choose("First", { { "a", correct = true }, "b" })
    LATER = coroutine.wrap(function()
      local guard <close> = setmetatable({}, { __close = function()
        s:choose("too late?", { { "a", correct = true }, "b" })
      end })
      coroutine.yield()
    end)
    LATER()
  end }
