-- attack: reach io from a script
-- via: script play lint
-- expect: refused /undefined global|attempt to (index|call) a nil/
io.open("/tmp/bdw-pwned-io", "w"):write("x")
