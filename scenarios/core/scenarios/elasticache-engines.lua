-- Redis or Memcached: the course's ElastiCache comparison, decided by running
-- it. Sessions go through a reboot and a node failure on each candidate; a
-- leaderboard needs a sorted set; a page cache under volatile-lru fills up
-- with keys that never expire; and a Memcached cluster scales out. Every
-- count in the feedback comes from the simulator.

local SESSIONS = 2000
local PAGES = { keys = 80000, ops = 200000, value_bytes = "2KB", ops_per_s = 2000 }

local function n(x)
  local s = string.format("%d", math.floor(x + 0.5))
  local out = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^(-?),", "%1"))
end

-- A session store: SESSIONS logged-in users, then a maintenance reboot of
-- the first node, then a hardware failure of its primary.
local function sessions(name, cfg)
  cfg.name = name
  local c = assert(aws.elasticache.cluster(cfg))
  for u = 1, SESSIONS do assert(c:set("session:" .. u, "user-" .. u, "24h")) end
  local function alive()
    local k = 0
    for u = 1, SESSIONS do if c:get("session:" .. u) then k = k + 1 end end
    return k
  end
  assert(c:reboot(0))
  local after_reboot = alive()
  assert(c:fail_primary(0))
  return { reboot = after_reboot, failure = alive() }
end

-- The page cache: a cache-aside application whose pages carry no TTL unless
-- given one.
local function pages(name, cfg, ttl)
  cfg.name = name
  cfg.node_memory = cfg.node_memory or "32MB"
  local c = assert(aws.elasticache.cluster(cfg))
  local w = {}
  for k, v in pairs(PAGES) do w[k] = v end
  w.ttl = ttl
  return assert(c:workload(w))
end

local function page_row(label, r)
  return { label, string.format("%.0f%%", 100 * r.hit_ratio), n(r.db_reads), n(r.evictions),
           n(r.oom_errors) }
end

return scenario {
  id = "elasticache.redis-or-memcached",
  title = "Redis or Memcached?",
  summary = "Pick an engine for sessions, a leaderboard and a page cache, then reboot, fail, " ..
            "fill and scale the clusters to see why.",
  domain = "storage",
  topics = { "elasticache.engines", "elasticache.eviction", "elasticache.scaling" },
  difficulty = 2,
  minutes = 10,

  run = function(s)
    s:say("Cadabra's web tier is going stateless: user sessions, a leaderboard of top " ..
          "shoppers and a cache of product pages move to ElastiCache, in front of the " ..
          "database.")

    -- 1. Sessions must outlive a reboot and a failure.
    local mem = sessions("sessions-m", { engine = "memcached", shards = 2 })
    local one = sessions("sessions-r", { engine = "redis" })
    local ha = sessions("sessions-ha", { engine = "redis", replicas = 1, multi_az = true })
    local function lost(r)
      return string.format("After a reboot of node 0, %s of %s users were still logged in; " ..
                           "after its primary failed, %s.", n(r.reboot), n(SESSIONS),
                           n(r.failure))
    end
    s:choose("Logged-in users must stay logged in through a patching reboot and a hardware " ..
             "failure. Where do the sessions go?", {
      { "Memcached, two nodes, for its speed", antipattern = "elasticache.memcached-durable",
        why = lost(mem) },
      { "Redis, one node", partial = ha.failure > one.failure and 0.5 or 1, why = lost(one) },
      { "Redis with a read replica and Multi-AZ automatic failover",
        correct = ha.failure == SESSIONS, why = lost(ha) },
    }, { id = "sessions", points = 2,
         explain = "Memcached keeps nothing on disk and has no replicas: a reboot or a failure " ..
                   "empties the node. Redis survives reboots; with a replica and Multi-AZ a " ..
                   "failed primary is replaced by its replica, data and all." })
    s:show({ title = "Sessions kept, of " .. n(SESSIONS),
             columns = { "cluster", "after a reboot", "after a failure" },
             rows = { { "Memcached, 2 nodes", n(mem.reboot), n(mem.failure) },
                      { "Redis, 1 node", n(one.reboot), n(one.failure) },
                      { "Redis + replica, Multi-AZ", n(ha.reboot), n(ha.failure) } } })

    -- 2. The leaderboard.
    local board = assert(aws.elasticache.cluster { name = "leaderboard" })
    for i = 1, 50 do assert(board:zadd("top-shoppers", math.random(100, 5000), "shopper-" .. i) ~= nil) end
    local top = assert(board:ztop("top-shoppers", 5))
    local memboard = assert(aws.elasticache.cluster { name = "lb-m", engine = "memcached" })
    local _, refused = memboard:zadd("top-shoppers", 1, "shopper-1")
    s:choose("The home page shows the ten best shoppers by points, and every order moves " ..
             "someone. How do you keep the ranking?", {
      { "A Redis sorted set: ZADD on every order, ZREVRANGE 0 9 for the page",
        correct = true,
        why = string.format("The set stays ordered as scores change; the top five now: %s " ..
                            "(%s), %s (%s), %s (%s)...", top[1].member, n(top[1].score),
                            top[2].member, n(top[2].score), top[3].member, n(top[3].score)) },
      { "Memcached: one key per shopper, read them all and sort in the application",
        why = "Memcached stores strings only (it answered ZADD with: " .. refused.message ..
              "); reading every shopper on every page view does not scale." },
      { "One Redis string holding the whole list as JSON, rewritten on each order",
        partial = 0.25,
        why = "It works until two orders rewrite the list at once and one update is lost; a " ..
              "sorted set changes one member atomically." },
    }, { id = "leaderboard",
         explain = "Redis has data structures - hashes, lists, sets, sorted sets - and sorted " ..
                   "sets are the course's leaderboard." })
    local rows = {}
    for i, e in ipairs(top) do rows[i] = { i, e.member, n(e.score) } end
    s:show({ title = "ZREVRANGE top-shoppers 0 4 WITHSCORES", columns = { "#", "member", "score" },
             rows = rows })

    -- 3. The page cache fills up.
    local base = pages("pages", { engine = "redis" })
    s:say(string.format("The product-page cache runs on one Redis node with 32 MB and the " ..
                        "default parameter group. The application caches each page it reads " ..
                        "and never sets a TTL. After %s requests over %s pages:",
                        n(PAGES.ops), n(PAGES.keys)))
    s:show({ title = "Page cache (volatile-lru, no TTLs)",
             columns = { "hit ratio", "database reads", "evictions",
                         "writes refused (OOM)" },
             rows = { { string.format("%.0f%%", 100 * base.hit_ratio), n(base.db_reads),
                        n(base.evictions), n(base.oom_errors) } } })
    local allkeys = pages("pages-allkeys", { engine = "redis", policy = "allkeys-lru" })
    local ttl = pages("pages-ttl", { engine = "redis" }, "30s")
    local bigger = pages("pages-64", { engine = "redis", node_memory = "64MB" })
    local noevict = pages("pages-noeviction", { engine = "redis", policy = "noeviction" })
    local function fixed(r) return r.oom_errors == 0 end
    local function outcome(r)
      return string.format("Run again: %.0f%% hits, %s writes refused.", 100 * r.hit_ratio,
                           n(r.oom_errors))
    end
    s:choose_many("Writes fail with \"OOM command not allowed when used memory > " ..
                  "'maxmemory'\". Which changes stop that? Pick all that work.", {
      { "Change maxmemory-policy to allkeys-lru", correct = fixed(allkeys),
        why = outcome(allkeys) },
      { "Give every page a TTL (30 seconds here)", correct = fixed(ttl), why = outcome(ttl) },
      { "Double the node's memory to 64 MB", correct = fixed(bigger),
        antipattern = not fixed(bigger) and "elasticache.volatile-without-ttl" or nil,
        why = outcome(bigger) },
      { "Change maxmemory-policy to noeviction", correct = fixed(noevict),
        why = outcome(noevict) },
    }, { id = "page-cache-oom", points = 2,
         explain = "volatile-lru, ElastiCache's default, evicts only keys with a TTL. With none, " ..
                   "a full node can free nothing and refuses writes. Let it evict any key " ..
                   "(allkeys-lru or allkeys-lfu), or give cache entries TTLs." })
    s:show({ title = "The page cache, " .. n(PAGES.ops) .. " requests",
             columns = { "configuration", "hits", "database reads", "evictions", "refused" },
             rows = { page_row("volatile-lru, no TTL (now)", base),
                      page_row("allkeys-lru", allkeys), page_row("TTL 30 s", ttl),
                      page_row("64 MB, volatile-lru", bigger),
                      page_row("noeviction", noevict) } })

    -- 4. Memcached scales out on the client.
    local m = assert(aws.elasticache.cluster { name = "pages-m", engine = "memcached",
                                               shards = 4 })
    local KEYS, before = 10000, {}
    for i = 1, KEYS do before[i] = m:shard_for("page:" .. i) end
    assert(m:set_nodes(5))
    local moved = 0
    for i = 1, KEYS do if m:shard_for("page:" .. i) ~= before[i] then moved = moved + 1 end end
    s:number("A Memcached page cache has 4 nodes and you add a fifth. The client hashes keys " ..
             "over the nodes (consistent hashing). About what percentage of the keys now " ..
             "belong to a different node, and miss until they are cached again?", {
      answer = 20, tolerance = 5, unit = "%", id = "scale-out",
      hint = "With consistent hashing only the keys the new node takes move." })
    s:explain(string.format("In the simulator %s of %s keys (%.1f%%) moved, all of them to the " ..
                            "new node. With hash-modulo-N sharding about 80%% would move. " ..
                            "Memcached scales out by adding nodes; Redis scales writes with " ..
                            "shards and reads with replicas.", n(moved), n(KEYS),
                            100 * moved / KEYS))
  end,
}
