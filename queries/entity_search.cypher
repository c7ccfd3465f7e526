// name: entity_search
// description: Find entities whose name or an alias contains some text; exact matches first.
// description: 按名称或别名中的文字查找实体，完全匹配的排在前面。
// params:
//   text  string - 医疗器械园 text to look for in names and aliases (Simplified or as written)
//   label string "" ""         a node label, or "" for all
//   limit int    20 20         at most this many rows
// page: entity profile, path finder
MATCH (n)
WHERE NOT n:Article
  AND ($label = '' OR $label IN labels(n))
  AND (n.name CONTAINS $text OR any(a IN n.aliases WHERE a CONTAINS $text))
OPTIONAL MATCH (n)-[:MENTIONED_IN]->(art:Article)
WITH n, count(art) AS articles
RETURN n.id AS id, n.name AS name, labels(n)[0] AS label, n.region AS ecosystem, n.aliases AS aliases,
       articles
ORDER BY CASE WHEN n.name = $text OR $text IN n.aliases THEN 0 ELSE 1 END, size(n.name), name
LIMIT $limit
