-- The course's Glue question: IoT devices send sensor readings every hour;
-- lay the data out in S3 as yyyy/mm/dd/device or as device/yyyy/mm/dd? The
-- same two weeks of hourly uploads are written in both layouts (and flat,
-- for contrast), a crawler catalogs each, and the two usual queries are
-- run against the catalog's partitions. Every table, key name, partition
-- count, byte count, listing count and cost comes from the simulators.

local TURBINES = 12
local DAYS = 14 -- 2024-01-01 to 2024-01-14
local BATCH = "25MB" -- one turbine's hourly upload, kept as metadata only
local WEEK = { "08", "14" } -- the dashboard's last 7 days
local TURBINE = "turbine-07" -- the one the maintenance team looks into

local function n(x)
  local s = string.format("%d", math.floor(x + 0.5))
  local out = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^(-?),", "%1"))
end

local function turbine(i) return string.format("turbine-%02d", i) end

-- The layouts. `fields` names what each folder level holds, so a query
-- written in those terms can be put to whatever keys the crawler named.
local LAYOUTS = {
  { id = "time", bucket = "iot-by-time", title = "yyyy/mm/dd/device",
    fields = { "year", "month", "day", "device" },
    key = function(dev, d, h)
      return string.format("readings/2024/01/%02d/%s/%02d.json", d, dev, h)
    end },
  { id = "device", bucket = "iot-by-device", title = "device/yyyy/mm/dd",
    fields = { "device", "year", "month", "day" },
    key = function(dev, d, h)
      return string.format("readings/%s/2024/01/%02d/%02d.json", dev, d, h)
    end },
  { id = "flat", bucket = "iot-flat", title = "one folder", fields = {},
    key = function(dev, d, h)
      return string.format("readings/%s-2024-01-%02d-%02d.json", dev, d, h)
    end },
}

local QUERIES = {
  time = { title = "last 7 days, every turbine",
           where = { year = "2024", month = "01", day = WEEK } },
  device = { title = TURBINE .. ", all of it", where = { device = TURBINE } },
}

-- Writes the uploads in the layout's keys (in key order, so each put is an
-- append), crawls them, and runs both queries against the table.
local function build(layout)
  local b = assert(aws.firehose.bucket { name = layout.bucket })
  local function put(dev, d)
    for h = 0, 23 do assert(b:put(layout.key(dev, d, h), { size = BATCH })) end
  end
  if layout.id == "time" then
    for d = 1, DAYS do for i = 1, TURBINES do put(turbine(i), d) end end
  else
    for i = 1, TURBINES do for d = 1, DAYS do put(turbine(i), d) end end
  end
  local catalog = assert(aws.glue.crawl { bucket = b, path = "readings/" })
  local t = assert(catalog:tables()[1], "the crawler made no table")
  local r = { layout = layout, bucket = b, catalog = catalog, table = t, scans = {} }
  for id, q in pairs(QUERIES) do
    local where = {}
    for i, field in ipairs(layout.fields) do where[t.partition_keys[i]] = q.where[field] end
    r.scans[id] = assert(catalog:scan(t.name, where))
  end
  return r
end

-- The layout a query should have: the least data read, then the fewest
-- listings to find it.
local function best(built, query)
  local top
  for _, r in ipairs(built) do
    local s, t = r.scans[query], top and top.scans[query]
    if not top or s.bytes < t.bytes or (s.bytes == t.bytes and s.listings < t.listings) then
      top = r
    end
  end
  return top
end

local function keys(t)
  return #t.partition_keys > 0 and table.concat(t.partition_keys, ", ") or "(none)"
end

local function reads(t, s)
  if #t.partition_keys == 0 then
    return string.format("Reads every object, %s: a table without partitions has nothing to " ..
                         "prune.", size.format(s.bytes))
  end
  return string.format("Reads %s partitions, %s, found with %s S3 listings (%s to list the " ..
                       "whole table).", n(s.partitions), size.format(s.bytes), n(s.listings),
                       n(s.listings_all))
end

-- What the scans say about a query, for the step's explanation.
local function compare(by, query)
  local t, d = by.time.scans[query], by.device.scans[query]
  return string.format("Here both folder layouts read the same %s partitions (%s), but " ..
                       "finding them takes %s listings time first and %s device first; one " ..
                       "folder reads all %s.", n(t.partitions), size.format(t.bytes),
                       n(t.listings), n(d.listings), size.format(by.flat.scans[query].bytes))
end

-- The options of a "which layout?" step, graded by the scans.
local function layout_options(built, query)
  local right = best(built, query)
  local opts = {}
  for i, r in ipairs(built) do
    local s = r.scans[query]
    local prunes_less = r ~= right and #r.table.partition_keys > 0 and
                        s.bytes == right.scans[query].bytes and
                        s.listings > right.scans[query].listings
    opts[i] = { r.layout.id == "flat" and
                  "readings/ with no folders: turbine, day and hour in the file name" or
                  "readings/" .. r.layout.title .. "/HH.json",
                correct = r == right,
                antipattern = prunes_less and "glue.partition-cannot-prune" or nil,
                why = reads(r.table, s) }
  end
  return opts
end

return scenario {
  id = "glue.partition-layout",
  title = "Partition the sensor data by time or by device?",
  summary = "Write two weeks of hourly IoT uploads as yyyy/mm/dd/device and as " ..
            "device/yyyy/mm/dd, crawl both, and see what each query has to list and read.",
  domain = "storage",
  topics = { "glue.partitions", "glue.crawlers", "athena.cost" },
  concepts = { "partition-pruning", "hive-style-keys", "athena-per-tb" },
  difficulty = 2,
  minutes = 10,

  run = function(s)
    s:say(string.format("Cadabra's %d wind turbines each upload their sensor readings every " ..
                        "hour: a JSON batch of about %s. Analysts query the data lake with " ..
                        "Athena, through tables a Glue crawler makes. Two weeks of uploads " ..
                        "(%s objects) are written three ways, each in its own bucket, and " ..
                        "crawled with the include path readings/.", TURBINES, BATCH,
                        n(TURBINES * DAYS * 24)))
    local built = {}
    for i, layout in ipairs(LAYOUTS) do built[i] = build(layout) end
    local by = {}
    for _, r in ipairs(built) do by[r.layout.id] = r end
    local rows = {}
    for i, r in ipairs(built) do
      rows[i] = { r.layout.title, r.table.name, keys(r.table), n(r.table.partitions),
                  n(r.table.objects), size.format(r.table.bytes) }
    end
    s:show({ title = "What the crawler made",
             columns = { "layout", "table", "partition keys", "partitions", "objects", "size" },
             rows = rows })

    -- 1. The dashboards query by time.
    local opts = layout_options(built, "time")
    s:choose("The dashboards query a time range across every turbine (the last 7 days). " ..
             "Which layout should the uploads use?", opts, {
      id = "layout-by-time", points = 2,
      explain = "A predicate on a leading partition key skips whole prefixes; one only on a " ..
                "trailing key leaves every prefix above it to be listed. " ..
                compare(by, "time") .. " Lay the data out by how it is queried most: " ..
                "yyyy/mm/dd/device for time ranges." })
    local scan_rows = {}
    for _, q in ipairs { "time", "device" } do
      for _, r in ipairs(built) do
        local sc = r.scans[q]
        scan_rows[#scan_rows + 1] = { QUERIES[q].title, r.layout.title,
                                      #r.table.partition_keys > 0 and n(sc.partitions) or "-",
                                      size.format(sc.bytes), n(sc.listings) }
      end
    end
    s:show({ title = "Both queries on each layout",
             columns = { "query", "layout", "partitions", "read", "S3 listings" },
             rows = scan_rows })

    -- 2. What the keys are called.
    local hive = assert(aws.firehose.bucket { name = "iot-hive" })
    for d = 1, 2 do
      for i = 1, 3 do
        local key = string.format("readings/year=2024/month=01/day=%02d/device=%s/00.json", d,
                                  turbine(i))
        assert(hive:put(key, string.format('{"ts":"2024-01-%02dT00:00:00Z","rpm":%d,' ..
                                           '"temperature_c":%d,"vibration_mm_s":%d}\n', d,
                                           math.random(8, 16), math.random(20, 60),
                                           math.random(1, 9))))
      end
    end
    local hcat = assert(aws.glue.crawl { bucket = hive, path = "readings/" })
    local ht = assert(hcat:tables()[1], "the crawler made no table of the key=value folders")
    local named = table.concat(ht.partition_keys, ",") == "year,month,day,device"
    local level = assert(aws.glue.crawl { bucket = by.time.bucket, path = "readings/",
                                          table_level = 4 })
    local lt = level:tables()
    s:choose(string.format("The crawler named the keys of the %s table %s. Analysts would " ..
                           "rather write WHERE day = '08' AND device = '%s'. What makes the " ..
                           "crawler name them year, month, day and device?",
                           by.time.layout.title, keys(by.time.table), TURBINE), {
      { "Name the folders key=value: readings/year=2024/month=01/day=08/device=" .. TURBINE ..
        "/", correct = named,
        why = "Crawled, such folders gave the partition keys " .. keys(ht) .. "." },
      { "Set the crawler's table level to 4, the day folders",
        why = string.format("Then every day folder is a table's root: %d tables (%s, %s, ...), " ..
                            "each with the one key %s.", #lt, lt[1].name, lt[2] and lt[2].name or
                            "", lt[1].partition_keys[1] or "(none)") },
      { "Nothing: a crawler always names partition keys partition_0, partition_1, ...",
        why = "Only folders that are not named key=value get those names: the key=value " ..
              "folders gave " .. keys(ht) .. "." },
    }, { id = "partition-keys",
         explain = "Hive-style folders (key=value) name the partition column key; other " ..
                   "folders get partition_0, partition_1, ... by depth." })
    s:show({ title = "The crawler on key=value folders: table " .. ht.name,
             columns = { "partition keys", "columns", "classification", "partitions" },
             rows = { { keys(ht), table.concat(ht.columns, ", "), ht.classification,
                        n(ht.partitions) } } })

    -- 3. What the pruned query costs.
    local pruned = by.time.scans.time
    local cost = aws.athena.cost { scanned = pruned.bytes }
    local full = aws.athena.cost { scanned = by.flat.scans.time.bytes }
    s:number(string.format("On the %s layout the dashboards' 7-day query reads %s. Athena " ..
                           "charges $5 per TB scanned. What does one run cost, in dollars?",
                           by.time.layout.title, size.format(pruned.bytes)), {
      answer = tonumber(string.format("%.3g", cost.dollars)), tolerance = "5%", unit = "$",
      id = "pruned-cost",
      hint = "1 TB is 1,024 GB.",
      explain = string.format("%s is %.4f TB: $%.4f a run. Unpartitioned, the same query " ..
                              "reads all %s: $%.4f.", size.format(pruned.bytes),
                              pruned.bytes / size.bytes("1TB"), cost.dollars,
                              size.format(by.flat.scans.time.bytes), full.dollars) })

    -- 4. A team that queries by device.
    local dopts = layout_options(built, "device")
    s:choose(string.format("The maintenance team keeps its own copy and always asks for one " ..
                           "turbine's whole history (WHERE device = '%s'). Which layout " ..
                           "suits their copy?", TURBINE), dopts, {
      id = "layout-by-device",
      explain = compare(by, "device") .. " Per-device queries want the device first: " ..
                "device/yyyy/mm/dd lists one turbine's folders, yyyy/mm/dd/device every day's." })
  end,
}
