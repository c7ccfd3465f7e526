// name: park_companies
// description: Companies in a park and its sub-parks (located in, incubated by, or operating it), with their segments; optionally only one segment.
// description: 园区（含分园）内的企业（入驻、被孵化或运营该园区），及其细分领域；可只看某一领域。
// params:
//   park    string -  张江医疗器械产业基地 the park's name or one of its aliases
//   segment string "" ""                  a segment the company focuses on, or "" for all
// page: ecosystem map, supply chain
MATCH (park:Park)
WHERE park.name = $park OR $park IN park.aliases
OPTIONAL MATCH (sub:Park)-[:PART_OF|LOCATED_IN*1..2]->(park)
WITH park, collect(DISTINCT sub) AS subs
UNWIND [park] + subs AS p
MATCH (c:Company)-[r:LOCATED_IN|INCUBATES|OPERATES]-(p)
OPTIONAL MATCH (c)-[:FOCUSES_ON]->(s:Segment)
WITH park, p, c, r, s.name AS segment ORDER BY segment
WITH park, p, c, r, collect(DISTINCT segment) AS segments
WHERE $segment = '' OR $segment IN segments
RETURN c.name AS company, type(r) AS relation, p.name AS park, segments,
       r.evidence AS evidence, r.confidence AS confidence
ORDER BY company, park, relation, confidence DESC, evidence
