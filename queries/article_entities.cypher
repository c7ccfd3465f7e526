// name: article_entities
// description: The entities an article names, by label: e.g. the investors a given news report mentions.
// description: 某篇文章提到的实体（按类型），例如报道中提到的投资机构。
// params:
//   article string - 南山举办医疗器械产业链 the article's id, URL, or part of its title or file name
//   label   string "" Investor                a node label, or "" for all
// page: entity profile, curation
MATCH (a:Article)
WHERE a.id = $article OR a.url = $article OR a.title CONTAINS $article OR a.source CONTAINS $article
MATCH (n)-[:MENTIONED_IN]->(a)
WHERE $label = '' OR $label IN labels(n)
RETURN a.title AS article, a.date AS date, labels(n)[0] AS label, n.name AS name, n.aliases AS aliases,
       n.region AS ecosystem
ORDER BY article, label, name
