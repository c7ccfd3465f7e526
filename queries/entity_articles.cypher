// name: entity_articles
// description: The articles that mention one entity, newest first.
// description: 提及某一实体的文章，最新在前。
// params: id string - park:03affcfb485f
// page: profile
MATCH ({id: $id})-[:MENTIONED_IN]->(a:Article)
RETURN a.id AS id, a.title AS title, a.date AS date, a.url AS url, a.source AS source
ORDER BY a.date DESC, a.title
