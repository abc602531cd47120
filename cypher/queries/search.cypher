// name: search
// summary: Organisations and products whose id, name or alias contains the text, ignoring case and accents; exact matches first.
// param: text (search): part of a name or alias
// columns: id, label, name, kind, camp
// page: rank, name, id
// example: agraph search "universite cornell"
CALL {
  MATCH (n:Organisation) WHERE n.search_text CONTAINS $text RETURN n
  UNION ALL
  MATCH (n:Product) WHERE n.search_text CONTAINS $text RETURN n
}
WITH n, CASE WHEN n.search_text CONTAINS '|' + $text + '|' THEN 0 ELSE 1 END AS rank, n.name AS name, n.id AS id
WHERE {{after}}
RETURN id, {{owned_label n}} AS label, name, n.kind AS kind, {{camp_at n}} AS camp, {{page_key}} AS page_key
ORDER BY rank, name, id
LIMIT {{limit}}
