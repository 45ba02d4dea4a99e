-- attack: the agent's firehose table is emptied after the agent is made, and the delivery stream and its bucket collected
-- via: script
-- expect: survives
local AGENT = [[{"flows": [{"filePattern": "/var/log/cadabra/*.log", "deliveryStream": "gone",
                            "initialPosition": "START_OF_FILE"}]}]]
local logs = aws.kinesis.loggen { seed = 1 }
local hoses = { assert(aws.firehose.delivery_stream { name = "gone", bucket = assert(aws.firehose.bucket { name = "gone-bucket" }) }) }
local agent = assert(aws.kinesis.agent { config = AGENT, logs = logs, firehose = hoses })
hoses[1] = nil
for i = 1, 3e5 do local t = { i } end
logs:write(1000)
local ok, st = pcall(agent.run, agent, { seconds = 30 })
print(ok, type(st) == "table" and st.records_sent or st)
