// name: camp
// summary: Organisations of one camp on the date asked (open, closed, mixed when their bases disagree, or none), each with the basis of its camp (stated by a source, or inferred by rules) and its evidence.
// param: camp (camp): open, closed, mixed or none
// columns: id, name, kind, basis, rule, via, explanation, evidence
// page: name, id
// dated: yes
// example: agraph camp closed
// Speed: organisations are read in the order of the name index from the cursor's name (o.name >= ...),
// filtered by camp, so a page stops after its rows; only an inferred camp reads relationships.
MATCH (o:Organisation)
USING INDEX o:Organisation(name)
WHERE o.name >= {{page_start name}}
WITH o, o.name AS name, o.id AS id
WHERE {{camp_at o}} = $camp AND {{after}}
ORDER BY name, id
LIMIT {{limit}}
WITH o, name, id, {{camp_at o camp_bases}} AS basis, {{bases_at o}} AS bases
CALL (o, bases) {
  WITH o, [b IN bases WHERE b.kind = 'inferred' | b.relationship] AS ids
  WHERE size(ids) > 0
  OPTIONAL MATCH (o)-[r]-()
  WHERE r.id IN ids
  WITH r ORDER BY r.id
  RETURN collect(r) AS rels
}
WITH o, basis, bases, rels, [b IN bases WHERE b.kind = 'inferred'] AS inferred, name, id
RETURN id, name, o.kind AS kind, basis,
       CASE WHEN basis = 'inferred' THEN inferred[0].rule END AS rule,
       CASE WHEN basis = 'inferred' THEN inferred[0].via END AS via,
       {{camp_at o camp_explanations}} AS explanation,
       CASE WHEN basis = 'stated' THEN {{evidence o camp_evidence}}
            ELSE reduce(acc = [], r IN rels | acc + {{evidence r}}) END AS evidence,
       {{page_key}} AS page_key
ORDER BY name, id
