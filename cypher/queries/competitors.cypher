// name: competitors
// summary: Competitors of an organisation (competes-with, read from both ends), with evidence and how many sources support each.
// param: org (org): the organisation, by name, alias or id
// columns: id, name, kind, camp, sources, evidence
// dated: yes
// example: agraph competitors OpenAI
MATCH (:Organisation {id: $org})-[r:COMPETES_WITH]-(c:Organisation)
WHERE {{valid r}}
RETURN c.id AS id, c.name AS name, c.kind AS kind, {{camp_at c}} AS camp,
       size(coalesce(r.sources, [])) AS sources, {{evidence r}} AS evidence
ORDER BY name, id, r.id
