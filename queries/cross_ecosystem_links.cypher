// name: cross_ecosystem_links
// description: Collaboration links between ecosystems: direct relationships whose two ends belong to different ecosystems, and organisations from different ecosystems at the same event.
// description: 跨生态圈的合作联系：两端属于不同生态圈的直接关系，以及来自不同生态圈的机构共同参加同一活动。
// params:
//   ecosystem      string "" ""  only links touching this ecosystem, or "" for all
//   min_confidence float  0  0.5 drop direct links below this confidence
// page: collaboration
MATCH (s)-[r:PARTNERS_WITH|MEMBER_OF|FOUNDED|INVESTED_IN|ORGANIZED|PARTICIPATED_IN|SUPPLIES|INCUBATES|OPERATES|SUBSIDIARY_OF|WORKS_FOR]->(t)
WHERE s.region <> '' AND t.region <> '' AND s.region <> t.region
  AND ($ecosystem = '' OR s.region = $ecosystem OR t.region = $ecosystem)
  AND r.confidence >= $min_confidence
RETURN 'direct' AS kind, s.region AS from_ecosystem, s.name AS source, type(r) AS relation,
       t.name AS target, t.region AS to_ecosystem, r.evidence AS evidence
UNION
MATCH (s)-[:ORGANIZED|PARTICIPATED_IN]->(e:Event)<-[:ORGANIZED|PARTICIPATED_IN]-(t)
WHERE s.region <> '' AND t.region <> '' AND s.region < t.region
  AND NOT s:Person AND NOT t:Person
  AND ($ecosystem = '' OR s.region = $ecosystem OR t.region = $ecosystem)
RETURN 'co-attendance' AS kind, s.region AS from_ecosystem, s.name AS source, 'AT ' + e.name AS relation,
       t.name AS target, t.region AS to_ecosystem, '' AS evidence
