// name: members
// summary: Members of an alliance, founders first, each with the evidence of membership and how many sources support it.
// param: alliance (org): the alliance, by name, alias or id
// columns: id, name, kind, role, camp, sources, evidence
// example: agraph members "AI Alliance"
MATCH (m:Organisation)-[r:MEMBER_OF]->(:Organisation {id: $alliance})
WHERE {{valid r}}
RETURN m.id AS id, m.name AS name, m.kind AS kind, r.role AS role, {{camp_at m}} AS camp,
       size(coalesce(r.sources, [])) AS sources, {{evidence r}} AS evidence
ORDER BY CASE r.role WHEN 'founder' THEN 0 ELSE 1 END, name, id
