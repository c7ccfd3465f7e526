// name: ecosystem_alliances
// description: An ecosystem's alliances, associations and industry-chain party committees, with members, founders and events they organised.
// description: 生态圈内的联盟、协会和产业链党委：成员、发起方及主办的活动。
// params:
//   ecosystem string "" 南山 one of 中关村/张江/南山/长宁, or "" for all
// page: ecosystem map
MATCH (al:Alliance)
WHERE $ecosystem = '' OR al.region = $ecosystem
OPTIONAL MATCH (m)-[:MEMBER_OF]->(al)
WITH al, m.name AS member ORDER BY member
WITH al, collect(DISTINCT member) AS members
OPTIONAL MATCH (f)-[:FOUNDED]->(al)
WITH al, members, f.name AS founder ORDER BY founder
WITH al, members, collect(DISTINCT founder) AS founders
OPTIONAL MATCH (al)-[:ORGANIZED]->(e:Event)
WITH al, members, founders, e.name AS event ORDER BY event
WITH al, members, founders, collect(DISTINCT event) AS organised
OPTIONAL MATCH (al)-[:MENTIONED_IN]->(a:Article)
RETURN al.name AS alliance, al.region AS ecosystem, al.aliases AS aliases, members, founders, organised,
       count(DISTINCT a) AS articles
ORDER BY ecosystem, alliance
