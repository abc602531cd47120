// name: path
// summary: The shortest connection between two organisations or products (membership, partnership, competition, products), one row per hop with its evidence and how many sources support it; ties broken by the smallest ids.
// param: from (node): the first organisation or product
// param: to (node): the second organisation or product
// columns: step, from_id, from_name, type, direction, to_id, to_name, sources, evidence
// dated: yes
// example: agraph path Meta OpenAI
MATCH (a:Organisation|Product {id: $from}), (b:Organisation|Product {id: $to})
WHERE a <> b
MATCH p = allShortestPaths((a)-[:{{path_types}}*..{{max_hops}}]-(b))
WHERE all(r IN relationships(p) WHERE {{valid r}})
WITH p ORDER BY [n IN nodes(p) | n.id], [r IN relationships(p) | r.id] LIMIT 1
UNWIND range(0, length(p) - 1) AS i
WITH i, nodes(p)[i] AS x, nodes(p)[i + 1] AS y, relationships(p)[i] AS r
RETURN i + 1 AS step, x.id AS from_id, x.name AS from_name, type(r) AS type,
       CASE WHEN startNode(r) = x THEN '->' ELSE '<-' END AS direction, y.id AS to_id, y.name AS to_name,
       size(coalesce(r.sources, [])) AS sources, {{evidence r}} AS evidence
ORDER BY step
