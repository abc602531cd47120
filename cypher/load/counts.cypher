// counts: how many alliance-graph nodes and relationships the database holds.
// Parameters: none. Returns: nodes, relationships.
MATCH (n)
WHERE n:Organisation OR n:Product OR n:Claim OR n:Source
WITH count(n) AS nodes
OPTIONAL MATCH (a)-[r]->(b)
WHERE (a:Organisation OR a:Product OR a:Claim OR a:Source) AND (b:Organisation OR b:Product OR b:Claim OR b:Source)
RETURN nodes, count(r) AS relationships
