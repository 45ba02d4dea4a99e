-- attack: reach collectgarbage from a script
-- via: script
-- expect: refused /undefined global|attempt to (index|call) a nil/
collectgarbage("stop")
