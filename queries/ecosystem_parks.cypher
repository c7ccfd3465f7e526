// name: ecosystem_parks
// description: An ecosystem's parks: where each lies, who operates it, its segments and the organisations located in it.
// description: 生态圈内的园区：所在位置、运营方、重点领域及入驻机构。
// params:
//   ecosystem string "" 张江 one of 中关村/张江/南山/长宁, or "" for all
// page: ecosystem map
MATCH (p:Park)
WHERE $ecosystem = '' OR p.region = $ecosystem
OPTIONAL MATCH (p)-[:LOCATED_IN|PART_OF]->(up)
WITH p, up.name AS up ORDER BY up
WITH p, collect(DISTINCT up) AS within
OPTIONAL MATCH (operator)-[:OPERATES]->(p)
WITH p, within, operator.name AS operator ORDER BY operator
WITH p, within, collect(DISTINCT operator) AS operators
OPTIONAL MATCH (p)-[:FOCUSES_ON]->(s:Segment)
WITH p, within, operators, s.name AS segment ORDER BY segment
WITH p, within, operators, collect(DISTINCT segment) AS segments
OPTIONAL MATCH (tenant)-[:LOCATED_IN]->(p)
WHERE NOT tenant:Park AND NOT tenant:Event
WITH p, within, operators, segments, tenant.name AS tenant ORDER BY tenant
WITH p, within, operators, segments, collect(DISTINCT tenant) AS tenants
OPTIONAL MATCH (p)-[:MENTIONED_IN]->(a:Article)
RETURN p.name AS park, p.region AS ecosystem, p.aliases AS aliases, within, operators, segments,
       tenants, count(DISTINCT a) AS articles
ORDER BY ecosystem, park
