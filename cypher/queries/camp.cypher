// name: camp
// summary: Organisations of one camp, each with the basis of its camp (stated, or inferred by which rule) and evidence.
// param: camp (camp): open, closed or none
// columns: id, name, kind, basis, rule, via, explanation, evidence
// example: agraph camp closed
MATCH (o:Organisation {camp: $camp})
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.camp_basis AS basis, o.camp_rule AS rule,
       o.camp_via AS via, o.camp_explanation AS explanation,
       {{evidence o camp_evidence}} AS evidence
ORDER BY name, id
