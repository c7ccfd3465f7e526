// name: recent_links
// description: Recently reported relationships: those last seen in an article dated on or after a day, newest first.
// description: 最近报道的关系：来源文章日期不早于某日的关系，最新在前。
// params:
//   since          string "2000-01-01" "2021-01-01" ISO date (YYYY-MM-DD); undated facts are left out
//   min_confidence float  0            0.5          drop links below this confidence
//   limit          int    50           20           at most this many rows
// page: overview
MATCH (s)-[r]->(t)
WHERE type(r) <> 'MENTIONED_IN'
  AND r.last_seen IS NOT NULL AND r.last_seen <> '' AND r.last_seen >= $since
  AND r.confidence >= $min_confidence
RETURN r.last_seen AS date, s.name AS source, type(r) AS relation, t.name AS target,
       r.status AS status, r.confidence AS confidence, r.evidence AS evidence
ORDER BY date DESC, source, relation, target
LIMIT $limit
