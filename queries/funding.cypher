// name: funding
// description: Funding deals: who invested in whom, in which round, how much (as stated and as a number in its currency), in what role (lead, follow, sole) and when, with the evidence.
// description: 融资事件：谁投资了谁、轮次、金额（原文及按币种折算的数值）、角色（领投、跟投、独家）和日期，附证据句。
// params:
//   ecosystem string "" 中关村 deals with the investor or the target in this ecosystem, or "" for all
//   name      string "" ""     only deals of this investor or target (name or alias), or "" for all
//   round     string "" B      only this round (天使, Pre-A, A, B, …, IPO, 战略), or "" for all
// page: entity profile, collaboration
MATCH (i)-[r:INVESTED_IN]->(t)
WHERE ($ecosystem = '' OR $ecosystem IN coalesce(i.ecosystems, []) OR $ecosystem IN coalesce(t.ecosystems, []))
  AND ($name = '' OR i.name = $name OR $name IN i.aliases OR t.name = $name OR $name IN t.aliases)
  AND ($round = '' OR r.round = $round)
RETURN coalesce(r.deal_date, r.first_seen) AS date, t.name AS target, labels(t)[0] AS target_label,
       t.region AS target_ecosystem, i.name AS investor, labels(i)[0] AS investor_label,
       r.round AS round, r.role AS role, r.amount AS amount, r.amount_min AS amount_min,
       r.currency AS currency, r.amount_text AS amount_text, r.status AS status,
       r.evidence AS evidence, r.article_ids AS article_ids
ORDER BY date DESC, target, investor
