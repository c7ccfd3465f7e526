// name: top_connected
// description: The most connected entities (relationships to other entities, not mentions), overall or in one ecosystem or label.
// description: 连接最多的实体（与其他实体的关系数，不计提及），可按生态圈或类型筛选。
// params:
//   ecosystem string "" 南山 one of 中关村/张江/南山/长宁, or "" for all
//   label     string "" Company a node label, or "" for all
//   limit     int    10 5  how many rows
// page: overview
MATCH (n)-[r]-(m)
WHERE NOT n:Article AND NOT m:Article
  AND ($ecosystem = '' OR n.region = $ecosystem)
  AND ($label = '' OR $label IN labels(n))
WITH n, count(r) AS degree, count(DISTINCT type(r)) AS kinds
RETURN n.name AS name, labels(n)[0] AS label, n.region AS ecosystem, degree, kinds
ORDER BY degree DESC, name ASC
LIMIT $limit
