// name: names
// summary: The id, label and name of every organisation and product, for completion and suggestions.
// columns: id, label, name
// page: label, name, id
// example: agraph query names
CALL {
  MATCH (n:Organisation) RETURN n
  UNION ALL
  MATCH (n:Product) RETURN n
}
WITH n.id AS id, {{owned_label n}} AS label, n.name AS name
WHERE {{after}}
RETURN id, label, name, {{page_key}} AS page_key
ORDER BY label, name, id
LIMIT {{limit}}
