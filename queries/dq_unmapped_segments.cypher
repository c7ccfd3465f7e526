// name: dq_unmapped_segments
// description: Data quality: segments the industrial-chain taxonomy does not know (ingest/lexicons/taxonomy.csv), with how many players focus on them.
// description: 数据质量：产业链分类体系中没有的细分领域，及聚焦它们的机构数。
// page: curation, supply chain
MATCH (s:Segment)
WHERE coalesce(s.taxonomy, 'unmapped') = 'unmapped'
OPTIONAL MATCH (x)-[:FOCUSES_ON]->(s)
WITH s, count(DISTINCT x) AS players
RETURN s.name AS segment, s.aliases AS aliases, players
ORDER BY players DESC, segment
