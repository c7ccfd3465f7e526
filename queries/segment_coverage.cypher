// name: segment_coverage
// description: Segment coverage per ecosystem: for each segment, how many parks, companies and others focus on it in each ecosystem, and where it is missing.
// description: 各生态圈的细分领域覆盖：每个领域在各生态圈有多少园区、企业等聚焦，以及在哪些生态圈缺失。
// params:
//   ecosystems list<string> ["中关村","张江","南山","长宁"] ["中关村","张江","南山","长宁"] the ecosystems to compare
//   segment    string       "" 体外诊断 one segment (name or alias), or "" for all
// page: supply chain, overview
MATCH (x)-[:FOCUSES_ON]->(s:Segment)
WHERE ($segment = '' OR s.name = $segment OR $segment IN s.aliases)
UNWIND coalesce(x.ecosystems, []) AS ecosystem
WITH s, ecosystem, x
WHERE ecosystem IN $ecosystems
WITH s, ecosystem, count(DISTINCT x) AS players
ORDER BY ecosystem
WITH s, collect(ecosystem) AS present, collect(players) AS counts
WITH s, present, counts, reduce(n = 0, c IN counts | n + c) AS total
RETURN s.name AS segment, coalesce(s.tier, '') AS tier, total, present AS ecosystems, counts AS players,
       [e IN $ecosystems WHERE NOT e IN present] AS missing_in
ORDER BY total DESC, segment
