// name: partners
// summary: Partners of an organisation (partners-with, read from both ends) with the kind of partnership, evidence and how many sources support each.
// param: org (org): the organisation, by name, alias or id
// columns: id, name, kind, partnership, camp, sources, evidence
// dated: yes
// example: agraph partners OpenAI
MATCH (:Organisation {id: $org})-[r:PARTNERS_WITH]-(p:Organisation)
WHERE {{valid r}}
RETURN p.id AS id, p.name AS name, p.kind AS kind, r.kind AS partnership, {{camp_at p}} AS camp,
       size(coalesce(r.sources, [])) AS sources, {{evidence r}} AS evidence
ORDER BY name, id, r.id
