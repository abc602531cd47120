// name: camp-of
// summary: The camp of one organisation on the date asked, and every basis for it: each source stating a camp, each rule inferring one (from which organisation, by which relationship, how strong); mixed when the bases disagree.
// param: org (org): the organisation, by name, alias or id
// columns: id, name, camp, basis, rule, via, explanation, bases, evidence
// dated: yes
// example: agraph camp Microsoft
MATCH (o:Organisation {id: $org})
WITH o, {{camp_at o camp_bases}} AS basis, {{bases_at o}} AS bases
CALL (o, bases) {
  OPTIONAL MATCH (o)-[r]-()
  WHERE r.id IN [b IN bases WHERE b.kind = 'inferred' | b.relationship]
  WITH r ORDER BY r.id
  RETURN collect(r) AS rels
}
WITH o, basis, bases, rels, [b IN bases WHERE b.kind = 'inferred'] AS inferred
RETURN o.id AS id, o.name AS name, {{camp_at o}} AS camp, basis,
       CASE WHEN basis = 'inferred' THEN inferred[0].rule END AS rule,
       CASE WHEN basis = 'inferred' THEN inferred[0].via END AS via,
       {{camp_at o camp_explanations}} AS explanation, bases,
       CASE WHEN basis = 'stated' THEN {{evidence o camp_evidence}}
            ELSE reduce(acc = [], r IN rels | acc + {{evidence r}}) END AS evidence
