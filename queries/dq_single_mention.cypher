// name: dq_single_mention
// description: Data quality: entities seen in only one article, with how many relationships they have (isolated ones are often extraction noise).
// description: 数据质量：只在一篇文章中出现的实体及其关系数（孤立的实体多为抽取噪声）。
// params:
//   label         string "" Company a node label, or "" for all
//   max_relations int    -1 0       only those with at most this many relationships; -1 for any
// page: curation
MATCH (n)-[:MENTIONED_IN]->(a:Article)
WHERE $label = '' OR $label IN labels(n)
WITH n, collect(a) AS articles
WHERE size(articles) = 1
OPTIONAL MATCH (n)-[r]-(m)
WHERE NOT m:Article
WITH n, articles[0] AS a, count(r) AS relations
WHERE $max_relations < 0 OR relations <= $max_relations
RETURN n.name AS name, labels(n)[0] AS label, n.region AS ecosystem, relations,
       a.title AS article, a.id AS article_id
ORDER BY relations, label, name
