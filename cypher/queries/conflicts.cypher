// name: conflicts
// summary: Every disagreement between sources: one row per node or relationship, disputed field and value, with the sources giving that value; shown: true for the value the graph shows (newest source, then most sources). The values of one disagreement are together, the shown one first.
// columns: what, id, label, name, field, value, sources, shown
// page: what, id, field, shown bool desc, value
// dated: yes
// example: agraph conflicts
// The disputed facts only, each label's and each type's from its index on disputed (null when undisputed).
CALL () {
  {{union_each_label L Organisation Product Claim}}
  MATCH (n:L) WHERE n.disputed IS NOT NULL
  RETURN 'node' AS what, n.id AS id, {{owned_label n}} AS label, coalesce(n.name, n.metric) AS name, n AS x
  {{end}}
  UNION ALL
  {{union_each_type T}}
  MATCH (a)-[r:T]->(b) WHERE r.disputed IS NOT NULL AND {{valid r}}
  RETURN 'relationship' AS what, r.id AS id, type(r) AS label,
         coalesce(a.name, a.title, a.metric, a.id) + ' -> ' + coalesce(b.name, b.title, b.metric, b.id) AS name, r AS x
  {{end}}
}
UNWIND {{statements x}} AS st
WITH what, id, label, name, x, st
WHERE st.field IN x.disputed
WITH what, id, label, name, st.field AS field, st.value AS value, collect(st.source) AS sources,
     coalesce(st.value = toString(x[st.field]), false) OR coalesce(toFloat(st.value) = x[st.field], false) AS shown
WHERE {{after}}
RETURN what, id, label, name, field, value, sources, shown, {{page_key}} AS page_key
ORDER BY what, id, field, shown DESC, value
LIMIT {{limit}}
