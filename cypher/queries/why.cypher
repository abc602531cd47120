// name: why
// summary: Why two organisations (or an organisation and a product) are linked: every direct relationship between them, either direction, with evidence.
// param: a (node): the first organisation or product
// param: b (node): the second organisation or product
// columns: type, from_id, to_id, role, partnership, since, until, evidence
// example: agraph why OpenAI Microsoft
MATCH (x:Organisation|Product {id: $a})-[r]-(y:Organisation|Product {id: $b})
RETURN type(r) AS type, startNode(r).id AS from_id, endNode(r).id AS to_id, r.role AS role,
       r.kind AS partnership, r.since AS since, r.until AS until,
       {{evidence r}} AS evidence
ORDER BY type, from_id, to_id, r.id
