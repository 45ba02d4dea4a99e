-- attack: the agent's streams table is emptied after the agent is made and the stream collected: the agent must anchor the stream itself (or refuse)
-- via: script
-- expect: survives
local AGENT = [[{"flows": [{"filePattern": "/var/log/cadabra/*.log", "kinesisStream": "gone",
                            "initialPosition": "START_OF_FILE"}]}]]
local logs = aws.kinesis.loggen { seed = 1 }
local streams = { assert(aws.kinesis.stream { name = "gone" }) }
local agent = assert(aws.kinesis.agent { config = AGENT, logs = logs, streams = streams })
streams[1] = nil
for i = 1, 3e5 do local t = { i } end   -- the stream is collected now, unless the agent holds it
logs:write(1000)
local ok, st = pcall(agent.run, agent, { seconds = 30 })
print(ok, type(st) == "table" and st.records_sent or st)
