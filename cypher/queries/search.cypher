// name: search
// summary: Organisations and products whose id, name or alias contains the text, ignoring case and accents; exact matches first.
// param: text (search): part of a name or alias
// columns: id, label, name, kind, camp
// page: rank int, name, id
// dated: yes
// example: agraph search "universite cornell"
// Speed: exact matches (rank 0) come from the text indexes; the others (rank 1) are read per label in the
// order of the name index from the cursor's name (n.name >= ...), so a page stops after its rows.
CALL {
  {{union_each_label L Organisation Product}}
  MATCH (n:L) WHERE n.search_text CONTAINS '|' + $text + '|'
  WITH n, 0 AS rank, n.name AS name, n.id AS id
  WHERE {{after}}
  RETURN n, rank, name, id ORDER BY name, id LIMIT {{limit}}
  {{end}}
  UNION ALL
  {{union_each_label L Organisation Product}}
  MATCH (n:L)
  USING INDEX n:L(name)
  WHERE n.name >= {{page_start name rank=1}}
    AND n.search_text CONTAINS $text AND NOT n.search_text CONTAINS '|' + $text + '|'
  WITH n, 1 AS rank, n.name AS name, n.id AS id
  WHERE {{after}}
  RETURN n, rank, name, id ORDER BY name, id LIMIT {{limit}}
  {{end}}
}
RETURN id, {{owned_label n}} AS label, name, n.kind AS kind, {{camp_at n}} AS camp, {{page_key}} AS page_key
ORDER BY rank, name, id
LIMIT {{limit}}
