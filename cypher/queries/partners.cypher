// name: partners
// summary: Partners of an organisation (partners-with, read from both ends) with the kind of partnership and evidence.
// param: org (org): the organisation, by name, alias or id
// columns: id, name, kind, partnership, camp, evidence
// example: agraph partners OpenAI
MATCH (:Organisation {id: $org})-[r:PARTNERS_WITH]-(p:Organisation)
RETURN p.id AS id, p.name AS name, p.kind AS kind, r.kind AS partnership, p.camp AS camp,
       {{evidence r}} AS evidence
ORDER BY name, id, r.id
