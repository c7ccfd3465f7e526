// name: ecosystem_investors
// description: An ecosystem's investment organisations, with what they invested in, the events they attended and the people who work for them.
// description: 生态圈内的投资机构：投资对象、参加的活动和相关人物。
// params:
//   ecosystem string "" 南山 one of 中关村/张江/南山/长宁, or "" for all
// page: ecosystem map
MATCH (i:Investor)
WHERE $ecosystem = '' OR i.region = $ecosystem
OPTIONAL MATCH (i)-[:INVESTED_IN]->(t)
WITH i, t.name AS target ORDER BY target
WITH i, collect(DISTINCT target) AS invested_in
OPTIONAL MATCH (i)-[:PARTICIPATED_IN|ORGANIZED]->(e:Event)
WITH i, invested_in, e.name AS event ORDER BY event
WITH i, invested_in, collect(DISTINCT event) AS events
OPTIONAL MATCH (p:Person)-[:WORKS_FOR]->(i)
WITH i, invested_in, events, p.name AS person ORDER BY person
WITH i, invested_in, events, collect(DISTINCT person) AS people
OPTIONAL MATCH (i)-[:MENTIONED_IN]->(a:Article)
RETURN i.name AS investor, i.region AS ecosystem, i.aliases AS aliases, invested_in, events, people,
       count(DISTINCT a) AS articles
ORDER BY ecosystem, investor
