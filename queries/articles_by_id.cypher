// name: articles_by_id
// description: Title, date and link of the given articles.
// description: 指定文章的标题、日期与链接。
// params: ids list<string> - ["6ce4fe62f9874a2e"]
// page: profile, path finder, collaboration
MATCH (a:Article)
WHERE a.id IN $ids
RETURN a.id AS id, a.title AS title, a.date AS date, a.url AS url, a.source AS source
ORDER BY a.date DESC, a.id
