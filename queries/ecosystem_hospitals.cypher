// name: ecosystem_hospitals
// description: An ecosystem's hospitals and the hospitals linked to an organisation placed in it, with the organisations they are linked to and how.
// description: 生态圈内的医院及与该生态圈内机构有关联的医院，及其关联机构和关系类型。
// params:
//   ecosystem string "" 南山 one of 中关村/张江/南山/长宁 (Chinese, pinyin or English), or "" for all
// page: ecosystem map
MATCH (h:Hospital)
OPTIONAL MATCH (h)-[r]-(x)
WHERE NOT x:Article
WITH h, type(r) + ' ' + x.name AS link,
     CASE WHEN x IS NOT NULL AND $ecosystem IN coalesce(x.ecosystems, []) THEN 1 ELSE 0 END AS linked
ORDER BY link
WITH h, collect(DISTINCT link) AS links, sum(linked) AS linked
WHERE $ecosystem = '' OR h.region = $ecosystem OR $ecosystem IN coalesce(h.ecosystems, []) OR linked > 0
OPTIONAL MATCH (h)-[:MENTIONED_IN]->(a:Article)
RETURN h.name AS hospital, h.region AS ecosystem, h.aliases AS aliases, links, count(DISTINCT a) AS articles
ORDER BY ecosystem, hospital
