// name: camp-of
// summary: The camp of one organisation and why: stated by a source, or inferred by a rule from another organisation.
// param: org (org): the organisation, by name, alias or id
// columns: id, name, camp, basis, rule, via, explanation, evidence
// example: agraph camp Microsoft
MATCH (o:Organisation {id: $org})
RETURN o.id AS id, o.name AS name, o.camp AS camp, o.camp_basis AS basis, o.camp_rule AS rule,
       o.camp_via AS via, o.camp_explanation AS explanation,
       {{evidence o camp_evidence}} AS evidence
