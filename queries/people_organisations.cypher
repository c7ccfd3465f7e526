// name: people_organisations
// description: People and the organisations they work for, with their titles, and the events they took part in.
// description: 人物及其任职机构、职务，以及参加的活动。
// params:
//   person       string "" ""                             a person's name, or "" for all
//   organisation string "" 深圳市松禾创业投资有限公司 an organisation's name or alias, or "" for all
// page: entity profile, collaboration
MATCH (p:Person)
WHERE $person = '' OR p.name = $person OR $person IN p.aliases
OPTIONAL MATCH (p)-[w:WORKS_FOR]->(o)
WITH p, w, o
WHERE $organisation = '' OR o.name = $organisation OR $organisation IN o.aliases
OPTIONAL MATCH (p)-[:PARTICIPATED_IN]->(e:Event)
WITH p, w, o, e ORDER BY e.name
RETURN p.name AS person, w.title AS title, o.name AS organisation, labels(o)[0] AS organisation_label,
       o.region AS ecosystem, collect(DISTINCT e.name) AS events, w.evidence AS evidence
ORDER BY person, organisation
