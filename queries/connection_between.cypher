// name: connection_between
// description: How two entities are connected: the shortest chains of relationships (up to max_hops), each step with its evidence sentence and articles.
// description: 两个实体如何关联：最短的关系链（不超过 max_hops 步），每一步附证据句和来源文章。
// params:
//   a        string - 南山区工商联 one entity's name or alias
//   b        string - 南山区统战部 the other entity's name or alias
//   max_hops int    3 2          at most this many steps, 1 to 4
//   limit    int    5 3          at most this many chains
// page: path finder
MATCH (x)
WHERE NOT x:Article AND (x.name = $a OR $a IN x.aliases)
MATCH (y)
WHERE NOT y:Article AND (y.name = $b OR $b IN y.aliases) AND y <> x
MATCH p = (x)-[:LOCATED_IN|PART_OF|OPERATES|FOUNDED|INVESTED_IN|PARTNERS_WITH|MEMBER_OF|ORGANIZED|PARTICIPATED_IN|FOCUSES_ON|SUPPLIES|INCUBATES|WORKS_FOR|SUBSIDIARY_OF*1..4]-(y)
WHERE length(p) <= $max_hops
WITH p, length(p) AS hops, [n IN nodes(p) | n.name] AS chain,
     [r IN relationships(p) | type(r)] AS relations
ORDER BY hops, chain, relations, [n IN nodes(p) | n.id]
LIMIT $limit
RETURN hops, chain, relations,
       [r IN relationships(p) | startNode(r).name] AS from_names,
       [r IN relationships(p) | r.evidence] AS evidence,
       [r IN relationships(p) | r.article_ids] AS article_ids
