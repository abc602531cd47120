// name: relationships
// summary: Every relationship of one organisation or product, both directions, with evidence, how many sources support it and the fields they disagree on (disputed).
// param: node (node): the organisation or product, by name, alias or id
// columns: type, direction, other_id, other_label, other_name, role, partnership, since, until, sources, disputed, evidence
// page: type, direction, other_name, other_id, rel_id
// dated: yes
// example: agraph show OpenAI
{{match_node n node}}
MATCH (n)-[r]-(m)
WHERE m:{{owned_labels}} AND {{valid r}}
WITH m, r, type(r) AS type, CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
     coalesce(m.name, m.title, m.metric) AS other_name, m.id AS other_id, r.id AS rel_id
WHERE {{after}}
RETURN type, direction, other_id, {{owned_label m}} AS other_label,
       other_name, r.role AS role, r.kind AS partnership,
       r.since AS since, r.until AS until,
       size(coalesce(r.sources, [])) AS sources, coalesce(r.disputed, []) AS disputed, {{evidence r}} AS evidence,
       {{page_key}} AS page_key
ORDER BY type, direction, other_name, other_id, rel_id
LIMIT {{limit}}
