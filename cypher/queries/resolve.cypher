// name: resolve
// summary: The organisations and products whose id, name or alias is exactly the text (ignoring case and accents).
// param: text (search): a whole name, alias or id
// columns: id, label, name
// example: agraph query resolve -p text="universite cornell"
CALL {
  MATCH (n:Organisation) WHERE n.search_text CONTAINS '|' + $text + '|' RETURN n
  UNION
  MATCH (n:Product) WHERE n.search_text CONTAINS '|' + $text + '|' RETURN n
}
RETURN n.id AS id, {{owned_label n}} AS label, n.name AS name
ORDER BY label, name, id
