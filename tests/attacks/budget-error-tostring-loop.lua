-- attack: the error that ends the script is a table whose __tostring loops: whoever prints it must not hang
-- via: script play lint
-- expect: refused /error object is a table|script stopped/
error(setmetatable({}, { __tostring = function() while true do end end }))
