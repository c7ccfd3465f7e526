// name: dq_unplaced
// description: Data quality: organisations, parks and platforms placed in no ecosystem (no chain of facts leads from them to a park or district of Zhongguancun, Zhangjiang, Nanshan or Changning), most linked first.
// description: 数据质量：未归入任何生态圈的机构、园区和平台（没有事实链把它们与中关村、张江、南山、长宁的园区或城区相连），关系多的在前。
// params:
//   label string "" Company a node label, or "" for all
// page: curation, ecosystem map
MATCH (n)
WHERE NOT n:Article AND NOT n:Person AND NOT n:Segment AND NOT n:Event
  AND coalesce(n.region, '') = ''
  AND ($label = '' OR $label IN labels(n))
OPTIONAL MATCH (n)-[r]-(m)
WHERE NOT m:Article
WITH n, count(r) AS relations
RETURN n.name AS name, labels(n)[0] AS label, relations, n.aliases AS aliases
ORDER BY relations DESC, label, name
