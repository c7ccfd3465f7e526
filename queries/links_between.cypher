// name: links_between
// description: The facts between given pairs of entities (either direction), with evidence; pairs is a list of [id, id].
// params: pairs list - [["park:03affcfb485f","region:5b0e1d2c3a4f"]]
// page: path finder, collaboration, supply chain
UNWIND $pairs AS pair
MATCH (a {id: pair[0]})-[r]-(b {id: pair[1]})
WHERE type(r) <> 'MENTIONED_IN'
WITH DISTINCT r
WITH r, startNode(r) AS s, endNode(r) AS t
RETURN s.id AS source, s.name AS source_name, type(r) AS type, t.id AS target, t.name AS target_name,
       r.evidence AS evidence, r.confidence AS confidence, r.article_ids AS article_ids
ORDER BY source, type, target
