// name: segment_gaps
// description: Segments of the industrial chain other ecosystems focus on but this one does not: where an ecosystem could attract or partner (whole-industry catch-alls left out).
// description: 其他生态圈聚焦而本生态圈缺失的产业链细分领域：可招商或合作的方向（不含泛称）。
// params:
//   ecosystem string - 长宁 one of 中关村/张江/南山/长宁
// page: supply chain, partner scouting
MATCH (x)-[:FOCUSES_ON]->(s:Segment)
WHERE coalesce(s.tier, '') <> 'catch-all'
UNWIND coalesce(x.ecosystems, []) AS ecosystem
WITH s, x, ecosystem ORDER BY ecosystem, x.name
WITH s, collect(DISTINCT ecosystem) AS ecosystems, count(DISTINCT x) AS players,
     collect(DISTINCT x.name) AS who
WHERE NOT $ecosystem IN ecosystems
RETURN s.name AS segment, coalesce(s.tier, '') AS tier, ecosystems AS present_in, players, who
ORDER BY players DESC, segment
