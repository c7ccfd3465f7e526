// name: ecosystem_companies
// description: An ecosystem's companies: those placed in it, and those located in or incubated by one of its parks; with their parks and segments.
// description: 生态圈内的企业（本身属于该生态圈，或位于/孵化于其园区），及其所在园区和细分领域。
// params:
//   ecosystem string "" 中关村 one of 中关村/张江/南山/长宁, or "" for all
// page: ecosystem map
MATCH (c:Company)
OPTIONAL MATCH (c)-[:LOCATED_IN]->(place)
WITH c, place ORDER BY place.name
WITH c, collect(DISTINCT place) AS places
OPTIONAL MATCH (incubator)-[:INCUBATES]->(c)
WITH c, places, incubator ORDER BY incubator.name
WITH c, places, collect(DISTINCT incubator) AS incubators
WITH c, places + incubators AS anchors
WHERE $ecosystem = '' OR c.region = $ecosystem OR any(x IN anchors WHERE x.region = $ecosystem)
OPTIONAL MATCH (c)-[:FOCUSES_ON]->(s:Segment)
WITH c, anchors, s ORDER BY s.name
WITH c, anchors, collect(DISTINCT s.name) AS segments
OPTIONAL MATCH (c)-[:MENTIONED_IN]->(a:Article)
RETURN c.name AS company, c.region AS ecosystem, c.aliases AS aliases,
       [x IN anchors WHERE x:Park | x.name] AS parks, segments, count(DISTINCT a) AS articles
ORDER BY ecosystem, company
