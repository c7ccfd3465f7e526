// name: dq_possible_duplicates
// description: Data quality: possible duplicate entities with a score: nodes of one label whose names or aliases coincide once case, spaces, brackets and legal-form words are ignored (1.0), and firms the corpus found alike but could not merge (same brand 0.9, similar names their likeness).
// description: 数据质量：可能重复的实体及评分——同一类型、忽略大小写、空格、括号和公司形式用语后名称或别名相同的节点（1.0），以及语料中相似但未能合并的企业（同一字号 0.9，名称相近按相似度）。
// params:
//   label     string "" ""  a node label, or "" for all
//   min_score float  0  0.9 only pairs scored at least this
// page: curation
MATCH (n)
WHERE NOT n:Article AND ($label = '' OR $label IN labels(n))
UNWIND [n.name] + coalesce(n.aliases, []) AS surface
WITH n, labels(n)[0] AS label, replace(replace(replace(replace(replace(replace(replace(replace(
       toLower(surface), ' ', ''), '(', ''), ')', ''), '（', ''), '）', ''), '股份', ''), '有限公司', ''), '有限责任公司', '') AS key
WHERE key <> ''
WITH label, key, n ORDER BY n.name, n.id
WITH label, key, collect(DISTINCT n) AS nodes
WHERE size(nodes) > 1 AND 1.0 >= $min_score
RETURN label, [x IN nodes | x.name] AS names, [x IN nodes | x.id] AS ids, 1.0 AS score,
       'same name without legal form: ' + key AS reason
UNION
MATCH (n)
WHERE NOT n:Article AND ($label = '' OR $label IN labels(n)) AND size(coalesce(n.duplicate_ids, [])) > 0
UNWIND range(0, size(n.duplicate_ids) - 1) AS i
WITH n, n.duplicate_ids[i] AS other_id, n.duplicate_scores[i] AS score, n.duplicate_reasons[i] AS reason
WHERE n.id < other_id AND score >= $min_score
MATCH (m)
WHERE m.id = other_id
RETURN labels(n)[0] AS label, [n.name, m.name] AS names, [n.id, other_id] AS ids, score, reason
