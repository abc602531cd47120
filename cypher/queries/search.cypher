// name: search
// summary: Organisations and products whose id, name or alias contains the text, ignoring case and accents; exact matches first.
// param: text (search): part of a name or alias
// columns: id, label, name, kind, camp
// example: agraph search "universite cornell"
CALL {
  MATCH (n:Organisation) WHERE n.search_text CONTAINS $text RETURN n
  UNION ALL
  MATCH (n:Product) WHERE n.search_text CONTAINS $text RETURN n
}
RETURN n.id AS id, {{owned_label n}} AS label, n.name AS name,
       n.kind AS kind, {{camp_at n}} AS camp
ORDER BY CASE WHEN n.search_text CONTAINS '|' + $text + '|' THEN 0 ELSE 1 END, name, id
