// name: event_coattendance
// description: Pairs of organisations that organised or attended the same events, most shared events first: a collaboration signal.
// description: 共同主办或参加同一活动的机构对，按共同活动数排序：一种合作信号。
// params:
//   ecosystem  string "" 中关村 pairs with at least one side in this ecosystem, or "" for all
//   min_events int    1  1      at least this many shared events
// page: collaboration, partner scouting
MATCH (a)-[:ORGANIZED|PARTICIPATED_IN]->(e:Event)<-[:ORGANIZED|PARTICIPATED_IN]-(b)
WHERE a.id < b.id AND NOT a:Person AND NOT b:Person
  AND ($ecosystem = '' OR a.region = $ecosystem OR b.region = $ecosystem)
WITH a, b, e.name AS event ORDER BY event
WITH a, b, collect(DISTINCT event) AS events
WHERE size(events) >= $min_events
RETURN a.name AS first, labels(a)[0] AS first_label, b.name AS second, labels(b)[0] AS second_label,
       size(events) AS shared, events
ORDER BY shared DESC, first, second
