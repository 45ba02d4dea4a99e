-- The course's Kinesis exercise end to end, checked with assert:
-- create the stream, start the agent with the course's agent.json, run
-- LogGenerator.py, watch ingestion throttle on one shard, read it back.
local K = aws.kinesis

-- Routing: MD5 of the key as a 128-bit number (printf %s key-0 | md5sum
-- gives b4428b7e85e1fa85481af6307d7f3cf7).
assert(K.hash("key-0") == "239606560113066237791549349790285249783")

local stream = assert(K.stream { name = "CadabraOrders", shards = 1 })
local shards = stream:shards()
assert(#shards == 1 and shards[1].id == "shardId-000000000000")
assert(shards[1].starting_hash_key == "0")
assert(shards[1].ending_hash_key == "340282366920938463463374607431768211455")

-- A bad agent.json names the field, and the line for syntax errors.
local _, err = K.agent { config = '{"flows":[{"filePattern":"/var/log/cadabra/*.log",'
  .. '"kinesisStream":"CadabraOrders","maxBufferSizeRecords":1000}]}' }
assert(err and err.message:find("flows%[0%]%.maxBufferSizeRecords"), tostring(err))
_, err = K.agent { config = '{"flows": [\n  {"filePattern": }\n]}' }
assert(err and err.message:find("agent.json:2:"), tostring(err))

local config = [[
{
  "cloudwatch.emitMetrics": true,
  "flows": [
    {
      "filePattern": "/var/log/cadabra/*.log",
      "kinesisStream": "CadabraOrders",
      "partitionKeyOption": "RANDOM",
      "dataProcessingOptions": [
        { "optionName": "CSVTOJSON",
          "customFieldNames": ["InvoiceNo", "StockCode", "Description", "Quantity",
                               "InvoiceDate", "UnitPrice", "Customer", "Country"] }
      ]
    }
  ]
}]]
local logs = K.loggen { seed = 7 }
local agent = assert(K.agent { config = config, logs = logs, streams = { stream } })
local path = assert(logs:write(20000))   -- sudo ./LogGenerator.py 20000
assert(path:match("^/var/log/cadabra/%d+%-%d+%.log$"), path)
assert(logs:line(1):match("^C?%d+,"))    -- InvoiceNo first

local consumer = stream:consumer { from = "TRIM_HORIZON", interval = "1s" }
local st = agent:run { seconds = 3600, consumer = consumer }
assert(st.lines_read == 20000, st.lines_read)
assert(st.records_sent == 20000, st.records_sent)
-- One shard takes 1,000 records a second: 20,000 lines cannot go in at once.
assert(st.throttled > 0 and st.retries > 0)
assert(st.pending == 0)
local cp = agent:checkpoints()
assert(#cp == 1 and cp[1].lines == 20000)

consumer:run { seconds = 5 }
local cs = consumer:stats()
assert(cs.records == 20000, cs.records)
local sample = consumer:sample()
assert(#sample > 0)
assert(sample[#sample]:match('^{"InvoiceNo":"C?%d+","StockCode":'), sample[#sample])

-- The same stream seen through GetRecords.
local it = assert(stream:get_shard_iterator { shard = "shardId-000000000000", type = "TRIM_HORIZON" })
local r = assert(stream:get_records(it, 100))
assert(#r.records == 100 and r.next_iterator)
assert(r.records[1].data:sub(1, 13) == '{"InvoiceNo":')
assert(#r.records[1].sequence_number == 56)

local m = stream:metrics()
assert(m.totals.records_in == 20000 and m.totals.throttled > 0)
local chart = stream:series(0, { metric = "records", seconds = 60 })
for _, v in ipairs(chart.chart) do assert(v <= 1000) end
local costs = stream:costs()
assert(costs.put_units == 20000 and costs.dollars > 0)

-- PutRecords partial failure: 1,200 records in one second on one shard.
local batch = {}
for i = 1, 500 do batch[i] = { key = "k" .. i, data = "x" } end
clock.advance("10s")
local a = assert(stream:put_records(batch))
local b = assert(stream:put_records(batch))
local c = assert(stream:put_records(batch))
assert(a.failed_record_count == 0 and b.failed_record_count == 0)
assert(c.failed_record_count == 500)
assert(c.records[1].error_code == "ProvisionedThroughputExceededException")

-- A hot key overloads one shard of four while the others idle.
local hot = assert(K.stream { name = "hot", shards = 4 })
local sum = assert(hot:produce { rate = 3000, seconds = 20, record_size = "1KB",
                                 keys = 100, hot_key_share = 0.8 })
assert(sum.throttled > 0)
local hot_shard = hot:shard_for_key("key-0")
for _, row in ipairs(hot:metrics().rows) do
  if row[1] == hot_shard then assert(row[5] > 0) else assert(row[5] == 0) end
end

-- Resharding and retention.
local rs = assert(K.stream { name = "reshard", shards = 2 })
assert(rs:split_shard("shardId-000000000000", "42535295865117307932921825928971026432"))
local list = rs:shards()
assert(#list == 4 and not list[1].open and list[3].parent == "shardId-000000000000")
assert(list[3].ending_hash_key == "42535295865117307932921825928971026431")
local ok, lim = rs:merge_shards("shardId-000000000002", "shardId-000000000001")
assert(not ok and lim.code == "InvalidArgumentException")  -- not adjacent
assert(rs:merge_shards("shardId-000000000003", "shardId-000000000001"))
assert(hot:update_shard_count(8))
assert(hot:update_shard_count(4))
ok, lim = hot:update_shard_count(8)
assert(not ok and lim.code == "LimitExceededException")
assert(hot:increase_retention(48))
ok, lim = hot:increase_retention(48)
assert(not ok and lim.code == "InvalidArgumentException")

-- Firehose: the interval trigger writes an object under yyyy/mm/dd/HH/.
local bucket = assert(aws.firehose.bucket { name = "cadabra-orders" })
local fh = assert(aws.firehose.delivery_stream { name = "PurchaseLogs", bucket = bucket,
                                                 size = "5MB", interval = "60s" })
assert(fh:put_record("hello\n"))
clock.advance("61s")
assert(fh:stats().objects == 1)
local objs = bucket:objects("")
assert(#objs == 1 and objs[1].key:match("^%d%d%d%d/%d%d/%d%d/%d%d/PurchaseLogs%-1%-"))
print("kinesis exercise ok")
