// name: latest_articles
// description: The most recent articles (undated ones last) with the number of entities each mentions.
// description: 最新文章（无日期的排在最后）及每篇提及的实体数。
// params: limit int 10 10
// page: overview
MATCH (a:Article)
OPTIONAL MATCH (e)-[:MENTIONED_IN]->(a)
WITH a, count(e) AS entities
RETURN a.id AS id, a.title AS title, a.date AS date, a.url AS url, a.source AS source, entities
ORDER BY CASE WHEN a.date IS NULL OR a.date = '' THEN 1 ELSE 0 END, a.date DESC, a.title
LIMIT $limit
