// name: why
// summary: Why two organisations (or an organisation and a product) are linked: every direct relationship between them, either direction, with evidence grouped by source, newest source first (by published date, undated last, then source id).
// summary: sources: how many sources support it; disputed: the fields they disagree on; by_source: one map per source, {source, title, publisher, published, quotes: [its quotes], says: ["field=value" statements]}.
// param: a (node): the first organisation or product
// param: b (node): the second organisation or product
// columns: type, from_id, to_id, role, partnership, since, until, sources, disputed, evidence, by_source
// dated: yes
// example: agraph why OpenAI Microsoft
MATCH (x:Organisation|Product {id: $a})-[r]-(y:Organisation|Product {id: $b})
WHERE {{valid r}}
UNWIND coalesce(r.sources, []) AS sid
OPTIONAL MATCH (s:Source {id: sid})
WITH r, sid, s
ORDER BY s.published IS NULL, s.published DESC, sid
WITH r, collect({source: sid, title: s.title, publisher: s.publisher, published: s.published,
                 quotes: [e IN {{evidence r}} WHERE e.source = sid | e.quote],
                 says: [st IN {{statements r}} WHERE st.source = sid | st.field + '=' + st.value]}) AS by_source
RETURN type(r) AS type, startNode(r).id AS from_id, endNode(r).id AS to_id, r.role AS role,
       r.kind AS partnership, r.since AS since, r.until AS until,
       size(coalesce(r.sources, [])) AS sources, coalesce(r.disputed, []) AS disputed,
       reduce(ordered = [], b IN by_source | ordered + [e IN {{evidence r}} WHERE e.source = b.source]) AS evidence,
       by_source
ORDER BY type, from_id, to_id, r.id
