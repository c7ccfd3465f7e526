// name: event_network
// description: Events with their organisers, participants, venue and date.
// description: 活动及其主办/承办/指导方、参与方、举办地点和日期。
// params:
//   event     string "" 圆桌峰会 part of an event's name (or an alias), or "" for all
//   ecosystem string "" ""       one of 中关村/张江/南山/长宁, or "" for all
// page: collaboration
MATCH (e:Event)
WHERE ($event = '' OR e.name CONTAINS $event OR $event IN e.aliases)
  AND ($ecosystem = '' OR e.region = $ecosystem)
OPTIONAL MATCH (o)-[:ORGANIZED]->(e)
WITH e, o.name AS organiser ORDER BY organiser
WITH e, collect(DISTINCT organiser) AS organisers
OPTIONAL MATCH (x)-[:PARTICIPATED_IN]->(e)
WITH e, organisers, x.name AS participant ORDER BY participant
WITH e, organisers, collect(DISTINCT participant) AS participants
OPTIONAL MATCH (e)-[:LOCATED_IN]->(place)
WITH e, organisers, participants, place.name AS place ORDER BY place
WITH e, organisers, participants, collect(DISTINCT place) AS held_at
OPTIONAL MATCH (e)-[:MENTIONED_IN]->(a:Article)
WITH e, organisers, participants, held_at, a.date AS date ORDER BY date
WITH e, organisers, participants, held_at, collect(DISTINCT date) AS dates
RETURN e.name AS event, e.region AS ecosystem, held_at, organisers, participants,
       [d IN dates WHERE d IS NOT NULL AND d <> ''] AS article_dates
ORDER BY ecosystem, event
