-- attack: reach require from a script
-- via: script
-- expect: refused /undefined global|attempt to (index|call) a nil/
require("os").execute("touch /tmp/bdw-pwned-require")
