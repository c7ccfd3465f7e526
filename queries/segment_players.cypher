// name: segment_players
// description: Who focuses on a segment (companies, platforms, hospitals, investors, parks …), in which ecosystem, with the evidence and its articles.
// description: 聚焦某一细分领域的企业、平台、医院、投资机构、园区等，所在生态圈及证据和来源文章。
// params:
//   segment   string       -  体外诊断 the segment's name or alias
//   ecosystem string       "" ""     one of 中关村/张江/南山/长宁, or "" for all
//   labels    list<string> [] []     only these kinds of player, or [] for all
// page: supply chain
MATCH (x)-[r:FOCUSES_ON]->(s:Segment)
WHERE (s.name = $segment OR $segment IN s.aliases)
  AND ($ecosystem = '' OR $ecosystem IN coalesce(x.ecosystems, []))
  AND (size($labels) = 0 OR labels(x)[0] IN $labels)
RETURN x.id AS id, x.name AS name, labels(x)[0] AS label, x.region AS ecosystem,
       coalesce(x.ecosystems, []) AS ecosystems, s.name AS segment,
       r.confidence AS confidence, r.status AS status, r.evidence AS evidence, r.article_ids AS article_ids
ORDER BY ecosystem, label, name
