// name: fact_provenance
// description: Provenance of a fact: for relationships from one entity (optionally of one type, to one entity), the evidence sentence and every article it came from.
// description: 事实溯源：某实体发出的关系（可指定类型和另一端）的证据句及全部来源文章。
// params:
//   source string - 南山区工商联 the entity the relationship starts from (either end for PARTNERS_WITH)
//   type   string "" ORGANIZED   a relationship type, or "" for all
//   target string "" ""          the other end's name or alias, or "" for any
// page: entity profile, curation
MATCH (s)-[r]-(t)
WHERE NOT t:Article AND (startNode(r) = s OR type(r) = 'PARTNERS_WITH')
  AND (s.name = $source OR $source IN s.aliases)
  AND ($type = '' OR type(r) = $type)
  AND ($target = '' OR t.name = $target OR $target IN t.aliases)
OPTIONAL MATCH (a:Article)
WHERE a.id IN r.article_ids
RETURN s.name AS source, type(r) AS relation, t.name AS target, r.evidence AS evidence,
       r.confidence AS confidence, r.status AS status, r.first_seen AS first_seen, r.last_seen AS last_seen,
       a.id AS article_id, a.title AS article_title, a.date AS article_date, a.url AS article_url,
       a.source AS article_file
ORDER BY relation, target, article_date, confidence DESC, evidence, article_id
