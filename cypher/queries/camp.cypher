// name: camp
// summary: Organisations of one camp on the date asked (open, closed, mixed when their bases disagree, or none), each with the basis of its camp (stated by a source, or inferred by rules) and its evidence.
// param: camp (camp): open, closed, mixed or none
// columns: id, name, kind, basis, rule, via, explanation, evidence
// example: agraph camp closed
MATCH (o:Organisation)
WHERE {{camp_at o}} = $camp
WITH o, {{camp_at o camp_bases}} AS basis, {{bases_at o}} AS bases
CALL (o, bases) {
  OPTIONAL MATCH (o)-[r]-()
  WHERE r.id IN [b IN bases WHERE b.kind = 'inferred' | b.relationship]
  WITH r ORDER BY r.id
  RETURN collect(r) AS rels
}
WITH o, basis, bases, rels, [b IN bases WHERE b.kind = 'inferred'] AS inferred
RETURN o.id AS id, o.name AS name, o.kind AS kind, basis,
       CASE WHEN basis = 'inferred' THEN inferred[0].rule END AS rule,
       CASE WHEN basis = 'inferred' THEN inferred[0].via END AS via,
       {{camp_at o camp_explanations}} AS explanation,
       CASE WHEN basis = 'stated' THEN {{evidence o camp_evidence}}
            ELSE reduce(acc = [], r IN rels | acc + {{evidence r}}) END AS evidence
ORDER BY name, id
