// name: names
// summary: The id, label and name of every organisation and product, for completion and suggestions.
// columns: id, label, name
// example: agraph query names
CALL {
  MATCH (n:Organisation) RETURN n
  UNION ALL
  MATCH (n:Product) RETURN n
}
RETURN n.id AS id, {{owned_label n}} AS label, n.name AS name
ORDER BY label, name, id
