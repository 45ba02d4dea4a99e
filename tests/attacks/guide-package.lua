-- attack: reach package from a script
-- via: script
-- expect: refused /undefined global|attempt to (index|call) a nil/
package.loadlib("libc.so.6", "system")("touch /tmp/bdw-pwned-package")
