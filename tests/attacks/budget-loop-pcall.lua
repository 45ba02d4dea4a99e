-- attack: an endless loop inside pcall, inside an endless loop: pcall must not swallow the stop
-- via: script
-- expect: stopped
while true do
  pcall(function() while true do end end)
end
