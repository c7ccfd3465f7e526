// name: graph_version
// description: Node and relationship totals; the app uses them as a cheap "has the graph changed?" token.
// description: 节点与关系总数；应用据此判断图是否已更新。
// page: all (cache key)
MATCH (n)
WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->()
RETURN nodes, count(r) AS relationships
