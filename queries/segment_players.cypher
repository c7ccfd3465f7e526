// name: segment_players
// description: Who focuses on a segment (parks, companies, investors, platforms), in which ecosystem, with the evidence.
// description: 聚焦某一细分领域的园区、企业、投资机构和平台，所在生态圈及证据。
// params:
//   segment   string -  体外诊断 the segment's name or alias
//   ecosystem string "" ""     one of 中关村/张江/南山/长宁, or "" for all
// page: supply chain
MATCH (x)-[r:FOCUSES_ON]->(s:Segment)
WHERE (s.name = $segment OR $segment IN s.aliases)
  AND ($ecosystem = '' OR x.region = $ecosystem)
RETURN x.name AS name, labels(x)[0] AS label, x.region AS ecosystem, s.name AS segment,
       r.confidence AS confidence, r.status AS status, r.evidence AS evidence
ORDER BY ecosystem, label, name
