// name: ecosystem_overview
// description: How big each ecosystem is: entities per kind, relationships inside it, and articles that mention it.
// description: 各生态圈概况：各类实体数量、生态圈内部关系数、提及它的文章数。
// params:
//   ecosystems list<string> ["中关村","张江","南山","长宁"] ["张江","南山"] the ecosystems to show, in this order
// page: overview
UNWIND range(0, size($ecosystems) - 1) AS position
WITH position, $ecosystems[position] AS ecosystem
OPTIONAL MATCH (n)
WHERE n.region = ecosystem AND NOT n:Article
WITH position, ecosystem, collect(n) AS members
OPTIONAL MATCH (s)-[r]->(t)
WHERE s.region = ecosystem AND t.region = ecosystem AND type(r) <> 'MENTIONED_IN'
WITH position, ecosystem, members, count(r) AS relationships
OPTIONAL MATCH (m)-[:MENTIONED_IN]->(a:Article)
WHERE m.region = ecosystem
WITH position, ecosystem, members, relationships, count(DISTINCT a) AS articles
ORDER BY position
RETURN ecosystem,
       size(members) AS entities,
       size([n IN members WHERE n:Park]) AS parks,
       size([n IN members WHERE n:Company]) AS companies,
       size([n IN members WHERE n:Investor]) AS investors,
       size([n IN members WHERE n:Hospital]) AS hospitals,
       size([n IN members WHERE n:Alliance]) AS alliances,
       size([n IN members WHERE n:Platform]) AS platforms,
       size([n IN members WHERE n:Event]) AS events,
       relationships,
       articles
