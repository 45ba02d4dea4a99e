-- attack: one scenario sets a global, replaces a string method, moves the clock and fills a vault; the next scenario of the pack must see none of it
-- via: lint
-- expect: survives
---- file: a-first.lua
return scenario { id = "atk.first", title = "First", summary = "s", topics = { "athena.cost" },
  run = function(s)
    LEAKED = "yes"
    string.upper = function() return "LEAKED" end
    string.rep = function() return "LEAKED" end
    clock.advance("400d")
    math.randomseed(42)
    local v = aws.glacier.vault { name = "shared" }
    v:upload { size = "1GB" }
    assert(aws.kinesis.stream { name = "shared" })
    s:say("set everything")
  end }
---- file: b-second.lua
local t0 = clock.now()
return scenario { id = "atk.second", title = "Second", summary = "s", topics = { "athena.cost" },
  run = function(s)
    assert(not pcall(function() return LEAKED end), "a global leaked from the first scenario")
    assert(("x"):upper() == "X", "a string method leaked")
    assert(("x"):rep(2) == "xx", "string.rep leaked")
    assert(clock.iso(t0) == "2024-01-01T00:00:00.000Z", "the clock leaked: " .. clock.iso(t0))
    assert(#aws.glacier.vault({ name = "shared" }):inventory() == 0, "the vault leaked")
    assert(aws.kinesis.stream { name = "shared" }, "the stream name is taken")
    s:say("saw nothing")
  end }
