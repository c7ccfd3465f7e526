// name: entity_placement
// description: Where one entity belongs and why: its ecosystems and, for each, the chain of facts (with their evidence) that leads to a park or district of that ecosystem, as JSON text.
// description: 某实体属于哪个生态圈及其依据：所属生态圈，以及每个生态圈对应的事实链（含证据句，JSON 文本）。
// params: id string - park:03affcfb485f
// page: entity profile
MATCH (n {id: $id})
RETURN n.name AS name, n.region AS ecosystem, n.ecosystems AS ecosystems, n.placement AS placement
