// name: partner_candidates
// description: Partner candidates for an organisation: others that share its segments, events, parks or alliances but have no direct link to it yet, ranked by what they share.
// description: 某机构的潜在合作伙伴：与其有相同领域、活动、园区或联盟但尚无直接关系的机构，按共同点排序。
// params:
//   name      string -  南山区工商联 the organisation's name or alias
//   ecosystem string "" ""         candidates from this ecosystem only, or "" for all
//   limit     int    20 10         at most this many candidates
// page: partner scouting
MATCH (x)
WHERE NOT x:Article AND (x.name = $name OR $name IN x.aliases)
MATCH (x)-[:FOCUSES_ON|PARTICIPATED_IN|ORGANIZED|LOCATED_IN|MEMBER_OF]->(shared)<-[:FOCUSES_ON|PARTICIPATED_IN|ORGANIZED|LOCATED_IN|MEMBER_OF]-(c)
WHERE c <> x AND NOT c:Person AND NOT c:Region AND NOT c:Segment AND NOT c:Event
  AND coalesce(shared.tier, '') <> 'catch-all'
  AND ($ecosystem = '' OR c.region = $ecosystem)
WITH x, c, shared, labels(shared)[0] + ': ' + shared.name AS reason ORDER BY reason
WITH x, c, collect(DISTINCT reason) AS reasons, count(DISTINCT shared) AS score
OPTIONAL MATCH (x)-[d]-(c)
WITH c, reasons, score, count(d) AS direct
WHERE direct = 0
RETURN c.name AS candidate, labels(c)[0] AS label, c.region AS ecosystem, score, reasons
ORDER BY score DESC, candidate
LIMIT $limit
