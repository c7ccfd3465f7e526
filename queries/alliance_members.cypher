// name: alliance_members
// description: Alliances and their members across ecosystems: each member with its own ecosystem, so cross-ecosystem alliances stand out.
// description: 联盟及其成员（跨生态圈）：列出每个成员所属生态圈，跨生态圈的联盟一目了然。
// params:
//   alliance  string "" ""  an alliance's name or alias, or "" for all
//   ecosystem string "" ""  only alliances with a member or home in this ecosystem, or "" for all
// page: collaboration
MATCH (al:Alliance)
WHERE $alliance = '' OR al.name = $alliance OR $alliance IN al.aliases
OPTIONAL MATCH (m)-[r:MEMBER_OF|FOUNDED]->(al)
WITH al, m, r ORDER BY m.name, type(r)
WITH al, collect(DISTINCT {name: m.name, label: labels(m)[0], ecosystem: m.region, relation: type(r)}) AS links
WITH al, [x IN links WHERE x.name IS NOT NULL] AS members
WITH al, members,
     reduce(acc = [], e IN [al.region] + [x IN members | x.ecosystem] |
            CASE WHEN e IS NULL OR e = '' OR e IN acc THEN acc ELSE acc + e END) AS ecosystems
WHERE $ecosystem = '' OR $ecosystem IN ecosystems
RETURN al.name AS alliance, al.region AS ecosystem, size(members) AS member_count,
       [x IN members | x.name] AS members, [x IN members | x.relation] AS relations,
       ecosystems, size(ecosystems) > 1 AS cross_ecosystem
ORDER BY member_count DESC, alliance
