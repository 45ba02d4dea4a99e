-- attack: the script ends with an error object whose __tostring returns a table, and whose __name is not a string
-- via: script play
-- expect: refused /error object|__tostring|table/
error(setmetatable({}, { __tostring = function() return {} end, __name = 42 }))
