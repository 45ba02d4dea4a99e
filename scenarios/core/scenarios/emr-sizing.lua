-- Sizing an EMR cluster the course's way, decided by running it: the master
-- for a 60-node cluster, Spot for task nodes or for core nodes (then a Spot
-- reclaim), HDFS's replication factor, shrinking core nodes at night, and
-- the instance family for a workload. Every verdict and figure comes from
-- the simulator's review, HDFS and events.

local DATA_GIB = 150 -- what the nightly job keeps in HDFS

local function n(x)
  local s = string.format("%d", math.floor(x + 0.5))
  local out = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^(-?),", "%1"))
end

local function cluster(cfg)
  return assert(aws.emr.cluster(cfg))
end

-- The findings of a review that carry anti-pattern id, and whether any does.
local function flags(findings, id)
  for _, f in ipairs(findings) do
    if f.antipattern == id then return true end
  end
  return false
end

local function messages(findings, role)
  local out = {}
  for _, f in ipairs(findings) do
    if not role or f.role == role then out[#out + 1] = f.message end
  end
  return #out > 0 and table.concat(out, " ") or "The review has no findings."
end

local function gib(x)
  return string.format("%g", x)
end

local function group_rows(c)
  local rows = {}
  for _, g in ipairs(c:groups()) do
    rows[#rows + 1] = { g.role, g.type, g.count, g.market, g.vcpu * g.count,
                        gib(g.memory_gib * g.count) }
  end
  return rows
end

-- A type's row in the simulator's catalog.
local function type_named(name)
  for _, t in ipairs(aws.emr.instance_types()) do
    if t.name == name then return t end
  end
  error("no instance type " .. name .. " in the catalog")
end

return scenario {
  id = "emr.cluster-sizing",
  title = "Sizing an EMR cluster",
  summary = "Choose the master, the markets, the core count and the instance family of an " ..
            "EMR cluster, then lose Spot nodes and shrink core nodes to see what it costs.",
  domain = "processing",
  topics = { "emr.nodes", "emr.instances", "emr.storage" },
  concepts = { "master-size", "spot-task-nodes", "hdfs-replication", "core-shrink",
               "instance-family" },
  difficulty = 2,
  minutes = 10,

  run = function(s)
    s:say("Cadabra moves its nightly clickstream aggregation from an on-premises Hadoop " ..
          "cluster to EMR. You size the cluster: a master, core nodes that hold HDFS and " ..
          "task nodes that only compute.")

    -- 1. The master for 60 nodes.
    local function sixty(master)
      return cluster { name = "clickstream-" .. master, master = { type = master },
                       core = { type = "m4.xlarge", count = 20 },
                       task = { { type = "m4.xlarge", count = 39 } } }
    end
    local small, big = sixty("m4.large"), sixty("m4.xlarge")
    local small_r, big_r = small:review("general"), big:review("general")
    local undersized = flags(small_r, "emr.master-undersized")
    s:show({ title = string.format("The cluster, %d nodes", big:nodes()),
             columns = { "role", "type", "nodes", "market", "vCPUs", "memory GiB" },
             rows = group_rows(big) })
    s:choose(string.format("The cluster has %d nodes in all. Which instance type runs the " ..
                           "master?", small:nodes()), {
      { "m4.large: the master only coordinates, so the smallest will do",
        antipattern = undersized and "emr.master-undersized" or nil,
        correct = not undersized, why = messages(small_r, "master") },
      { "m4.xlarge", correct = not flags(big_r, "emr.master-undersized"),
        why = messages(big_r, "master") },
    }, { id = "master", explain = "The master runs YARN's ResourceManager and HDFS's " ..
                                  "NameNode for every node: the course's rule is m4.large " ..
                                  "under 50 nodes and m4.xlarge over 50." })

    -- 2. Spot for the task nodes, or for the core nodes too.
    local function spot_cluster(name, core_market)
      local c = cluster { name = name, master = { type = "m4.large" },
                          core = { type = "m4.xlarge", count = 6, market = core_market },
                          task = { { type = "m4.xlarge", count = 6, market = "SPOT" } } }
      assert(c:write(DATA_GIB))
      return c
    end
    local task_spot = spot_cluster("spot-task", "ON_DEMAND")
    local core_spot = spot_cluster("spot-core", "SPOT")
    local core_spot_r = core_spot:review("general")
    local lost_task = assert(task_spot:lose("task", 3))
    local lost_core = assert(core_spot:lose("core", 3))
    local function reclaim(label, ev)
      return string.format("%s: a Spot reclaim took %d nodes and %s GiB of HDFS data%s.",
                           label, ev.nodes_lost, n(ev.data_lost_gib),
                           ev.replaced and " (EMR replaced the nodes, not their blocks)" or "")
    end
    s:choose(string.format("The job keeps %s GiB in HDFS on 6 core nodes and needs 6 more " ..
                           "nodes of compute for two hours a night. Where do Spot instances " ..
                           "go?", n(DATA_GIB)), {
      { "Task nodes on Spot; master and core on demand",
        correct = lost_task.data_lost_gib == 0, why = reclaim("Task nodes", lost_task) },
      { "Core and task nodes on Spot: more savings",
        antipattern = (lost_core.data_lost_gib > 0 or flags(core_spot_r, "emr.spot-core-master"))
                      and "emr.spot-core-master" or nil,
        why = reclaim("Core nodes", lost_core) },
      { "No Spot at all", partial = 0.5,
        why = "Safe, but the task nodes hold no HDFS data: Spot there risks only the work " ..
              "in progress, which YARN reschedules." },
    }, { id = "spot", points = 2,
         explain = "Task nodes run no DataNode, so losing them loses capacity, not data. " ..
                   "Spot on core or master nodes is for testing or the very cost-sensitive: " ..
                   "a reclaim can take every replica of some blocks." })
    s:show({ title = "Three Spot nodes reclaimed",
             columns = { "cluster", "nodes lost", "HDFS data lost (GiB)", "HDFS used after" },
             rows = { { "Spot task nodes", lost_task.nodes_lost, n(lost_task.data_lost_gib),
                        n(task_spot:hdfs().used_gib) },
                      { "Spot core nodes", lost_core.nodes_lost, n(lost_core.data_lost_gib),
                        n(core_spot:hdfs().used_gib) } } })

    -- 3. HDFS replication.
    local six = task_spot:hdfs()
    s:number("With 6 core nodes, what replication factor does EMR give HDFS by default?", {
      answer = aws.emr.replication(6), tolerance = 0, id = "replication",
      hint = "It grows with the core count: 1 up to 3 nodes, then more." })
    local rows = {}
    for _, k in ipairs { 3, 6, 10 } do
      local h = cluster({ name = "hdfs-" .. k, master = { type = "m4.large" },
                          core = { type = "m4.xlarge", count = k } }):hdfs()
      rows[#rows + 1] = { k, h.replication, n(h.capacity_gib) }
    end
    s:show({ title = "HDFS replication, 64 GiB EBS per core node",
             columns = { "core nodes", "replication", "usable GiB" }, rows = rows })
    s:explain(string.format("Usable HDFS is the core nodes' disks divided by the replication " ..
                            "factor: the 6-node cluster above holds %s GiB at replication %d.",
                            n(six.capacity_gib), six.replication))

    -- 4. Saving money at night.
    local function nightly(name)
      local c = cluster { name = name, master = { type = "m4.large" },
                          core = { type = "m4.xlarge", count = 10 },
                          task = { { type = "m4.xlarge", count = 10 } } }
      assert(c:write(DATA_GIB))
      return c
    end
    local shrink_core, shrink_task = nightly("night-core"), nightly("night-task")
    local core_ev = assert(shrink_core:resize(2, 4))
    local task_ev = assert(shrink_task:resize(3, 0))
    local function after(ev)
      return string.format("%d nodes removed, %s GiB of HDFS data lost.", ev.nodes_lost,
                           n(ev.data_lost_gib))
    end
    s:choose("Between jobs the cluster sits mostly idle. How do you cut its cost without " ..
             "ending it?", {
      { "Resize the core group from 10 to 4 nodes",
        antipattern = core_ev.data_lost_gib > 0 and "emr.shrink-core-nodes" or nil,
        correct = core_ev.data_lost_gib == 0, why = after(core_ev) },
      { "Remove the task nodes (resize the task group to 0) and add them back for the job",
        correct = task_ev.data_lost_gib == 0, why = after(task_ev) },
    }, { id = "shrink", explain = "Core nodes run HDFS DataNodes; shrinking the core group " ..
                                  "can take blocks with it. Task groups are added and " ..
                                  "removed on the fly." })
    s:show({ title = "Resizing at night",
             columns = { "change", "nodes removed", "HDFS data lost (GiB)", "nodes left" },
             rows = { { "core 10 -> 4", core_ev.nodes_lost, n(core_ev.data_lost_gib),
                        shrink_core:nodes() },
                      { "task 10 -> 0", task_ev.nodes_lost, n(task_ev.data_lost_gib),
                        shrink_task:nodes() } } })

    -- 5. The instance family for a workload.
    local options, rows2 = {}, {}
    for _, name in ipairs { "t2.medium", "m4.xlarge", "c4.xlarge", "r4.xlarge" } do
      local t = type_named(name)
      local c = cluster { name = "family-" .. t.family, master = { type = "m4.large" },
                          core = { type = t.name, count = 4 } }
      local advice = c:review("compute")
      local fits = #advice == 0
      options[#options + 1] = { string.format("%s (%s: %d vCPUs, %s GiB)", t.name, t.family,
                                              t.vcpu, gib(t.memory_gib)),
                                correct = fits,
                                why = fits and "The review for a compute-bound job has no advice."
                                           or messages(advice) }
      rows2[#rows2 + 1] = { t.name, t.family, t.vcpu, gib(t.memory_gib), t.normalized }
    end
    s:show({ title = "Instance types", columns = { "type", "family", "vCPUs", "memory GiB",
                                                   "normalization factor" }, rows = rows2 })
    s:choose("A second job transcodes product images: it is bound by computation and needs " ..
             "little memory. Which instance type for its core nodes?", options,
             { id = "family", explain = "The course's rule: t2.medium for nodes that mostly " ..
                                        "wait on external dependencies, m4.xlarge for better " ..
                                        "general performance, high-CPU (c4) for computation, " ..
                                        "high-memory (r4) for databases and caches, cluster " ..
                                        "compute for network- and CPU-heavy NLP and ML." })

    -- What the nightly run costs in the console's normalized hours.
    local before = big:usage()
    clock.advance("2h30m")
    local u = big:usage()
    s:explain(string.format("The 60-node cluster ran %s; the console counts %s normalized " ..
                            "instance hours (started hours times each instance's size), " ..
                            "%.0f instance hours billed per second (%s normalized at the " ..
                            "start).", clock.format(u.elapsed), n(u.normalized_hours),
                            u.instance_hours, n(before.normalized_hours)))
  end,
}
