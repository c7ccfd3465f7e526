// name: investors_active
// description: Investors active in an ecosystem or segment: investment organisations, and any organisation that invested, with their targets and the segments they touch.
// description: 活跃于某生态圈或细分领域的投资方（投资机构及有投资行为的机构），及其投资对象和涉及领域。
// params:
//   ecosystem string "" 中关村 one of 中关村/张江/南山/长宁, or "" for all
//   segment   string "" ""     a segment name, or "" for all
// page: collaboration, partner scouting
MATCH (i)
WHERE NOT i:Article
OPTIONAL MATCH (i)-[:INVESTED_IN]->(t)
WITH i, t ORDER BY t.name
WITH i, collect(DISTINCT t) AS targets
WHERE i:Investor OR size(targets) > 0
OPTIONAL MATCH (i)-[:FOCUSES_ON]->(own:Segment)
WITH i, targets, own.name AS own ORDER BY own
WITH i, targets, collect(DISTINCT own) AS own_segments
OPTIONAL MATCH (i)-[:INVESTED_IN]->(:Company)-[:FOCUSES_ON]->(ts:Segment)
WITH i, targets, own_segments, ts.name AS ts ORDER BY ts
WITH i, targets, own_segments, collect(DISTINCT ts) AS target_segments
WITH i, targets,
     own_segments + [x IN target_segments WHERE NOT x IN own_segments] AS segments,
     [i.region] + [t IN targets | t.region] AS ecosystems
WHERE ($ecosystem = '' OR $ecosystem IN ecosystems)
  AND ($segment = '' OR $segment IN segments)
RETURN i.name AS investor, labels(i)[0] AS label, i.region AS ecosystem,
       [t IN targets | t.name] AS invested_in, size(targets) AS investments, segments
ORDER BY investments DESC, investor
