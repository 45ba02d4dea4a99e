-- attack: the script ends with an error object whose __tostring raises an error itself
-- via: script play lint
-- expect: refused /error object|boom/
error(setmetatable({}, { __tostring = function() error("boom") end }))
