// name: segment_gaps
// description: Segments other ecosystems focus on but this one does not: where an ecosystem could attract or partner.
// description: 其他生态圈聚焦而本生态圈缺失的细分领域：可招商或合作的方向。
// params:
//   ecosystem string - 长宁 one of 中关村/张江/南山/长宁
// page: supply chain, partner scouting
MATCH (x)-[:FOCUSES_ON]->(s:Segment)
WHERE x.region IS NOT NULL AND x.region <> ''
WITH s, collect(DISTINCT x.region) AS ecosystems, count(DISTINCT x) AS players,
     collect(DISTINCT x.name) AS who
WHERE NOT $ecosystem IN ecosystems
RETURN s.name AS segment, ecosystems AS present_in, players, who
ORDER BY players DESC, segment
