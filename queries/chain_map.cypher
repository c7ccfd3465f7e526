// name: chain_map
// description: The industrial-chain map: for each segment of the taxonomy (tier, NMPA category) and each ecosystem, how many players of the chosen kinds focus on it, and who.
// description: 产业链图谱：分类体系中每个细分领域（层级、NMPA 类别）在每个生态圈中聚焦它的机构数量及名单。
// params:
//   ecosystems       list<string> ["中关村","张江","南山","长宁"] ["张江","南山"] the ecosystems to compare
//   labels           list<string> ["Company","Platform","Hospital","Investor"] ["Company"] the kinds of player counted
//   include_catch_all bool        false false count the whole-industry segments (医疗器械, 大健康 …) too
// page: supply chain
MATCH (x)-[:FOCUSES_ON]->(s:Segment)
WHERE labels(x)[0] IN $labels
  AND ($include_catch_all OR coalesce(s.tier, '') <> 'catch-all')
UNWIND coalesce(x.ecosystems, []) AS ecosystem
WITH s, ecosystem, x
WHERE ecosystem IN $ecosystems
WITH s, ecosystem, collect(DISTINCT x.name) AS players
RETURN s.id AS segment_id, s.name AS segment, s.name_en AS segment_en, coalesce(s.tier, '') AS tier,
       coalesce(s.nmpa, '') AS nmpa, coalesce(s.taxonomy, 'unmapped') AS taxonomy, ecosystem,
       size(players) AS count, players
ORDER BY tier, segment, ecosystem
