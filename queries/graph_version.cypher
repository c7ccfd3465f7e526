// name: graph_version
// description: Node and relationship totals; the app uses them as a cheap "has the graph changed?" token.
// page: all (cache key)
MATCH (n)
WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->()
RETURN nodes, count(r) AS relationships
