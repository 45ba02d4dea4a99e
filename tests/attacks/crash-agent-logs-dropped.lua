-- attack: the agent's log generator is dropped and collected; the agent then runs
-- via: script
-- expect: survives
local AGENT = [[{"flows": [{"filePattern": "/var/log/cadabra/*.log", "kinesisStream": "s",
                            "initialPosition": "START_OF_FILE"}]}]]
local st = assert(aws.kinesis.stream { name = "s" })
local agent = assert(aws.kinesis.agent { config = AGENT, logs = aws.kinesis.loggen { seed = 1, lines = 1000 }, streams = { st } })
for i = 1, 3e5 do local t = { i } end
local ok, r = pcall(agent.run, agent, { seconds = 30 })
print(ok, type(r) == "table" and r.records_sent or r)
