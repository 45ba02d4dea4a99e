-- attack: no run field, but an __index that builds one: the scenario's fields must be read raw (or in the sandbox)
-- via: lint play
-- expect: refused /run|{file}/ or survives
return setmetatable({ id = "atk.index-run", title = "Index builds run", summary = "s", topics = { "athena.cost" } },
  { __index = function(_, k)
      local t = {} for i = 1, 1e8 do t[i] = i end
      if k == "run" then return function(s) s:say("hi") end end
    end })
