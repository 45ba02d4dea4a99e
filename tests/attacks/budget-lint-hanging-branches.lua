-- attack: pack lint --explore-seconds 3 on a scenario with 8 branches, each of which hangs its own way (the first explored run hangs in C): lint must still return
-- via: lint
-- expect: stopped or refused @bounded
return scenario { id = "atk.branches", title = "Eight hangs", summary = "s", topics = { "athena.cost" },
  run = function(s)
    local i = s:choose("Which hang?", { "1", "2", "3", "4", "5", "6", "7", "8" })
    if i == 1 then string.rep("", math.maxinteger)
    elseif i == 2 then string.find(("a"):rep(40), ("a*"):rep(40) .. "b")
    elseif i == 3 then table.concat(setmetatable({}, { __index = table.concat }), "", 1, math.maxinteger)
    elseif i == 4 then xpcall(error, function() while true do end end)
    elseif i == 5 then
      pcall(coroutine.wrap(function() while true do end end))
      pcall(coroutine.wrap(function() while true do pcall(function() while true do end end) end end))
    elseif i == 6 then while true do pcall(function() while true do end end) end
    elseif i == 7 then while true do end
    else local a, b = ("x"):rep(20e6), ("x"):rep(20e6) while true do local _ = a == b end
    end
  end }
