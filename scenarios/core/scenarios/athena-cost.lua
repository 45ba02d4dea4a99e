-- What will this Athena query cost? A first scenario: the price rules, and
-- why format and partitioning decide the bill.
return scenario {
  id = "athena.query-cost",
  title = "What will this Athena query cost?",
  summary = "Price one query against a CSV table, then make it cheaper with Parquet and partitions.",
  domain = "analytics",
  topics = { "athena.cost", "athena.formats", "glue.partitions" },
  difficulty = 1,
  minutes = 5,

  run = function(s)
    local table_size = "1TB"
    s:say("Cadabra keeps a year of web logs in S3: " .. table_size .. " of CSV, 20 columns, " ..
          "one folder per day (365 partitions). An analyst runs:")
    s:show({ title = "The query",
             text = "SELECT status, count(*) FROM logs\n" ..
                    "WHERE day BETWEEN '2024-03-01' AND '2024-03-30' GROUP BY status" })

    local csv_all = aws.athena.scan { size = table_size, format = "csv", columns = 20,
                                      columns_read = 2, partitions = 1 }
    local cost = aws.athena.cost { scanned = csv_all }
    s:choose("The table is not partitioned yet. What does Athena charge for this query?", {
      { string.format("$%.2f: it scans the whole %s of CSV", cost.dollars, table_size),
        correct = true, why = "CSV is a row format: every byte of every row is read." },
      { string.format("$%.2f: it reads only the two columns it uses", cost.dollars / 10),
        why = "Only columnar formats (Parquet, ORC) can skip columns; CSV cannot." },
      { "Nothing: SELECT queries on S3 are free",
        why = "Athena charges $5 per TB scanned, with a 10 MB minimum per query." },
    }, { id = "price-csv", explain = "Athena: $5 per TB scanned, rounded up to the MB, 10 MB minimum." })

    local pq = aws.athena.scan { size = table_size, format = "parquet", compression = 4,
                                 columns = 20, columns_read = 2, partitions = 365,
                                 partitions_read = 30 }
    local pq_cost = aws.athena.cost { scanned = pq }
    s:choose("The team wants this query to cost less. What do you change?", {
      { "Convert to Parquet (compressed) and partition by day",
        correct = true,
        why = string.format("Parquet reads 2 of 20 columns, compression shrinks them, and " ..
                            "the day predicate prunes to 30 of 365 partitions: $%.4f.", pq_cost.dollars) },
      { "Keep CSV and export the results to a formatted report in Athena",
        antipattern = "athena.formatted-reports" },
      { "Use Athena to rewrite the CSV files every night as an ETL job",
        antipattern = "athena.etl" },
      { "Keep CSV; Athena caches results so repeats are free", partial = 0 },
    }, { id = "make-cheaper" })

    s:show({ title = "Cost per run", columns = { "layout", "scanned", "cost" },
             rows = {
               { "CSV, unpartitioned", size.format(csv_all), string.format("$%.4f", cost.dollars) },
               { "Parquet x4, by day", size.format(pq), string.format("$%.4f", pq_cost.dollars) },
             } })

    local tiny = aws.athena.cost { scanned = "3MB" }
    s:number("A query on a small lookup table scans 3 MB. How many megabytes are billed?",
             { answer = tiny.billed_bytes / 1048576, tolerance = 0, unit = "MB", id = "minimum-10mb",
               hint = "Athena has a minimum charge per query.", tries = 2,
               explain = "Every query is billed for at least 10 MB." })

    local failed = aws.athena.cost { scanned = "500GB", status = "failed" }
    s:choose("A query fails after scanning 500 GB. What is charged?", {
      { "Nothing", correct = failed.dollars == 0 },
      { "The 500 GB it scanned", correct = failed.dollars > 0 },
    }, { id = "failed-free", explain = "Failed queries are free; cancelled ones are charged for what they scanned." })
  end,
}
