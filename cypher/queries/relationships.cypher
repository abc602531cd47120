// name: relationships
// summary: Every relationship of one organisation or product, both directions, with evidence and its source.
// param: node (node): the organisation or product, by name, alias or id
// columns: type, direction, other_id, other_label, other_name, role, partnership, since, until, evidence
// example: agraph show OpenAI
CALL {
  MATCH (n:Organisation {id: $node}) RETURN n
  UNION
  MATCH (n:Product {id: $node}) RETURN n
}
MATCH (n)-[r]-(m)
WHERE m:Organisation OR m:Product OR m:Claim OR m:Source
RETURN type(r) AS type, CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       m.id AS other_id, [l IN labels(m) WHERE l IN ['Organisation', 'Product', 'Claim', 'Source']][0] AS other_label,
       coalesce(m.name, m.title, m.metric) AS other_name, r.role AS role, r.kind AS partnership,
       r.since AS since, r.until AS until,
       [i IN range(0, size(coalesce(r.evidence_quotes, [])) - 1) |
        {source: r.evidence_sources[i], quote: r.evidence_quotes[i], via: r.evidence_via[i]}] AS evidence
ORDER BY type, direction, other_name, other_id, r.id
