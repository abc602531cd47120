// name: competitors
// summary: Competitors of an organisation (competes-with, read from both ends), with evidence.
// param: org (org): the organisation, by name, alias or id
// columns: id, name, kind, camp, evidence
// example: agraph competitors OpenAI
MATCH (:Organisation {id: $org})-[r:COMPETES_WITH]-(c:Organisation)
RETURN c.id AS id, c.name AS name, c.kind AS kind, c.camp AS camp,
       [i IN range(0, size(coalesce(r.evidence_quotes, [])) - 1) |
        {source: r.evidence_sources[i], quote: r.evidence_quotes[i], via: r.evidence_via[i]}] AS evidence
ORDER BY name, id, r.id
