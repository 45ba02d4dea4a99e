-- attack: an error table that looks like an AWS error but whose fields are tables with looping __tostring
-- via: script play
-- expect: refused /error object|code|[(]/
local evil = setmetatable({}, { __tostring = function() while true do end end })
error({ code = evil, status = evil, message = evil })
