// name: co_investors
// description: Co-investors of an investor: who invested in the same companies, parks or platforms, and in which.
// description: 某投资方的共同投资者：投资了同一企业、园区或平台的机构，及共同投资对象。
// params:
//   investor string - 中关村发展集团股份有限公司 the investor's name or alias
// page: collaboration, partner scouting
MATCH (i)
WHERE NOT i:Article AND (i.name = $investor OR $investor IN i.aliases)
MATCH (i)-[:INVESTED_IN]->(t)<-[:INVESTED_IN]-(co)
WHERE co <> i
WITH co, t ORDER BY t.name
RETURN co.name AS co_investor, labels(co)[0] AS label, co.region AS ecosystem,
       collect(DISTINCT t.name) AS shared_targets, count(DISTINCT t) AS shared
ORDER BY shared DESC, co_investor
