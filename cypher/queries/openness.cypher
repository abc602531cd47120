// name: openness
// summary: Models and their openness: each product an organisation develops (or every organisation's), released by the date, with its grade, its components (weights, licence, training data and code, paper, model card) and the quote behind each component.
// param: org (org, optional): the organisation whose products to list; every organisation's when left out
// columns: org_id, org_name, id, name, released, grade, weights, licence, components, disputed, evidence
// dated: yes
// example: agraph openness Meta
// example: agraph openness --as-of 2023-12-31
MATCH (o:Organisation)-[r:DEVELOPS]->(p:Product)
WHERE ($org IS NULL OR o.id = $org) AND {{valid r}} AND p.openness_grade IS NOT NULL AND {{released p}}
RETURN o.id AS org_id, o.name AS org_name, p.id AS id, p.name AS name, p.launched AS released,
       p.openness_grade AS grade, p.weights AS weights, p.licence AS licence,
       {{openness p}} AS components, coalesce(p.disputed, []) AS disputed,
       [ev_i IN range(0, size(coalesce(p.openness_evidence_components, [])) - 1) |
        {component: p.openness_evidence_components[ev_i], source: p.openness_evidence_sources[ev_i],
         quote: p.openness_evidence_quotes[ev_i], via: p.openness_evidence_via[ev_i]}] AS evidence
ORDER BY org_name, org_id, released, name, id
