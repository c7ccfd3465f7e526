// name: hospital_partners
// description: Hospitals and the companies, parks, platforms and other organisations they partner with or are served by, with evidence. With an ecosystem: the links of its own hospitals, and the links of any hospital to a partner placed in it.
// description: 医院及与其合作或为其服务的企业、园区、平台等机构，附证据。指定生态圈时：该生态圈医院的关联，以及任何医院与该生态圈内伙伴的关联。
// params:
//   hospital  string "" ""   a hospital's name or alias, or "" for all
//   ecosystem string "" 南山 one of 中关村/张江/南山/长宁 (Chinese, pinyin or English), or "" for all
// page: collaboration
MATCH (h:Hospital)
WHERE ($hospital = '' OR h.name = $hospital OR $hospital IN h.aliases)
OPTIONAL MATCH (h)-[r:PARTNERS_WITH|SUPPLIES|MEMBER_OF|FOUNDED|LOCATED_IN|INVESTED_IN|PARTICIPATED_IN|ORGANIZED]-(x)
WHERE NOT x:Person
WITH h, r, x
WHERE $ecosystem = '' OR h.region = $ecosystem OR $ecosystem IN coalesce(h.ecosystems, [])
   OR (x IS NOT NULL AND $ecosystem IN coalesce(x.ecosystems, []))
RETURN h.name AS hospital, h.region AS ecosystem, x.name AS partner, labels(x)[0] AS partner_label,
       x.region AS partner_ecosystem, type(r) AS relation, r.evidence AS evidence, r.confidence AS confidence
ORDER BY hospital, partner, relation, confidence DESC, evidence
