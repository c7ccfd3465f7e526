// name: dq_possible_duplicates
// description: Data quality: possible duplicate entities, i.e. different nodes of one label whose names or aliases coincide once case, spaces, brackets and legal-form words are ignored.
// description: 数据质量：可能重复的实体——同一类型的不同节点，在忽略大小写、空格、括号和公司形式用语后名称或别名相同。
// params:
//   label string "" "" a node label, or "" for all
// page: curation
MATCH (n)
WHERE NOT n:Article AND ($label = '' OR $label IN labels(n))
UNWIND [n.name] + coalesce(n.aliases, []) AS surface
WITH n, labels(n)[0] AS label, replace(replace(replace(replace(replace(replace(replace(replace(
       toLower(surface), ' ', ''), '(', ''), ')', ''), '（', ''), '）', ''), '股份', ''), '有限公司', ''), '有限责任公司', '') AS key
WHERE key <> ''
WITH label, key, collect(DISTINCT n) AS nodes
WHERE size(nodes) > 1
RETURN label, key, [x IN nodes | x.name] AS names,
       [x IN nodes | x.id] AS ids, size(nodes) AS count
ORDER BY count DESC, label, key
