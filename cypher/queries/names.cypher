// name: names
// summary: The id, label and name of every organisation and product, for completion and suggestions.
// columns: id, label, name
// page: label, name, id
// example: agraph query names
// Speed: one branch per label, each reading the label's name index in order from the cursor's name
// (a range the planner seeks: n.name >= ...) and stopping after a page; the exact keyset test follows.
CALL {
  {{union_each_label L Organisation Product}}
  MATCH (n:L)
  WHERE n.name >= {{page_start name label=L}}
  WITH n, 'L' AS label, n.name AS name, n.id AS id
  WHERE {{after}}
  RETURN label, name, id
  ORDER BY name, id
  LIMIT {{limit}}
  {{end}}
}
RETURN id, label, name, {{page_key}} AS page_key
ORDER BY label, name, id
LIMIT {{limit}}
