// name: entities
// description: Every entity (not articles) with its label, name, aliases, ecosystems and (segments) tier, for the app's in-memory index.
// description: 所有实体（不含文章）：标签、名称、别名与所属生态，供应用建立内存索引。
// page: map, profile, path finder, collaboration, partner scouting
MATCH (n)
WHERE NOT n:Article
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.aliases AS aliases, n.region AS region,
       n.ecosystems AS ecosystems, n.tier AS tier, n.taxonomy AS taxonomy
ORDER BY id
