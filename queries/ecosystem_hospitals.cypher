// name: ecosystem_hospitals
// description: An ecosystem's hospitals, with the organisations they are linked to and how.
// description: 生态圈内的医院，及与其有关联的机构和关系类型。
// params:
//   ecosystem string "" 南山 one of 中关村/张江/南山/长宁, or "" for all
// page: ecosystem map
MATCH (h:Hospital)
WHERE $ecosystem = '' OR h.region = $ecosystem
OPTIONAL MATCH (h)-[r]-(x)
WHERE NOT x:Article
WITH h, type(r) + ' ' + x.name AS link ORDER BY link
WITH h, collect(DISTINCT link) AS links
OPTIONAL MATCH (h)-[:MENTIONED_IN]->(a:Article)
RETURN h.name AS hospital, h.region AS ecosystem, h.aliases AS aliases, links, count(DISTINCT a) AS articles
ORDER BY ecosystem, hospital
