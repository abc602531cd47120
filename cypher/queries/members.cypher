// name: members
// summary: Members of an alliance, founders first, each with the evidence of membership and how many sources support it.
// param: alliance (org): the alliance, by name, alias or id
// columns: id, name, kind, role, camp, sources, evidence
// page: rank int, name, id, rel_id
// dated: yes
// example: agraph members "AI Alliance"
MATCH (m:Organisation)-[r:MEMBER_OF]->(:Organisation {id: $alliance})
WHERE {{valid r}}
WITH m, r, CASE r.role WHEN 'founder' THEN 0 ELSE 1 END AS rank, m.name AS name, m.id AS id, r.id AS rel_id
WHERE {{after}}
RETURN id, name, m.kind AS kind, r.role AS role, {{camp_at m}} AS camp,
       size(coalesce(r.sources, [])) AS sources, {{evidence r}} AS evidence, {{page_key}} AS page_key
ORDER BY rank, name, id, rel_id
LIMIT {{limit}}
