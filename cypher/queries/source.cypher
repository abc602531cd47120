// name: source
// summary: Everything one source asserts: one row per node or relationship it supports, nodes first; says: its statements ("field=value" texts), quotes: its evidence quotes, alone: true when no other source supports it.
// param: id (source): the source's id
// columns: what, id, label, name, says, quotes, alone
// page: what, label, name, id
// dated: yes
// example: agraph source article-ai-alliance-fr
CALL {
  MATCH (n:Organisation|Product|Claim) WHERE $id IN n.sources
  RETURN 'node' AS what, n.id AS id, {{owned_label n}} AS label, coalesce(n.name, n.metric) AS name, n AS x
  UNION ALL
  MATCH (a)-[r]->(b) WHERE $id IN r.sources AND {{valid r}}
  RETURN 'relationship' AS what, r.id AS id, type(r) AS label,
         coalesce(a.name, a.title, a.metric, a.id) + ' -> ' + coalesce(b.name, b.title, b.metric, b.id) AS name, r AS x
}
WITH what, id, label, name, x
WHERE {{after}}
RETURN what, id, label, name,
       [st IN {{statements x}} WHERE st.source = $id | st.field + '=' + st.value] AS says,
       [e IN {{evidence x}} WHERE e.source = $id | e.quote]
         + [e IN {{evidence x camp_evidence}} WHERE e.source = $id | e.quote] AS quotes,
       x.sources = [$id] AS alone, {{page_key}} AS page_key
ORDER BY what, label, name, id
LIMIT {{limit}}
