// name: name_search
// description: Entities whose name or an alias contains a run of two or more Chinese characters. On Neo4j it is answered by the full-text index (Lucene's CJK analyzer), on FalkorDB by a scan; the answers are the same for Chinese text, while Latin letters and digits are matched as whole words by the index.
// description: 名称或别名包含某段中文（两个字及以上）的实体。Neo4j 上走全文索引（Lucene CJK 分词），FalkorDB 上逐一比对；中文查询两者结果相同，拉丁字母和数字在索引中按整词匹配。
// params:
//   text  string - 医疗器械 two or more Chinese characters
//   limit int    20 20   at most this many rows
// page: cli
// engine: falkordb
MATCH (n)
WHERE size($text) >= 2 AND NOT n:Article
  AND (n.name CONTAINS $text OR any(a IN n.aliases WHERE a CONTAINS $text))
// engine: neo4j
// A phrase query: the text's character pairs, next to each other, so a run of characters is matched.
CALL db.index.fulltext.queryNodes('entity_names', '"' + replace(replace($text, '\\', '\\\\'), '"', '\\"') + '"')
YIELD node AS n
WHERE size($text) >= 2
// engine: any
RETURN n.id AS id, n.name AS name, labels(n)[0] AS label, n.region AS ecosystem, n.aliases AS aliases
ORDER BY size(n.name), name, id
LIMIT $limit
