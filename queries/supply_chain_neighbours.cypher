// name: supply_chain_neighbours
// description: Supply-chain neighbours of a company within k hops: who supplies, incubates or serves it, and who shares its segments; the shortest chain to each.
// description: 某企业 k 跳以内的产业链邻居：为其供应、孵化或提供服务的机构，以及同领域机构；给出到每个邻居的最短链条。
// params:
//   company string - 海普洛斯 the company's (or platform's) name or alias
//   hops    int    2 2      at most this many steps, 1 to 3
// page: supply chain
MATCH (c)
WHERE NOT c:Article AND (c.name = $company OR $company IN c.aliases)
MATCH p = (c)-[:SUPPLIES|INCUBATES|FOCUSES_ON|SUBSIDIARY_OF*1..3]-(n)
WHERE length(p) <= $hops AND n <> c
WITH n, p
ORDER BY length(p), [x IN nodes(p) | x.name], [r IN relationships(p) | type(r)]
WITH n, collect(p)[0] AS p
RETURN n.name AS neighbour, labels(n)[0] AS label, n.region AS ecosystem, length(p) AS hops,
       [x IN nodes(p) | x.name] AS chain,
       [r IN relationships(p) | type(r)] AS via,
       [r IN relationships(p) | r.evidence] AS evidence
ORDER BY hops, label, neighbour
