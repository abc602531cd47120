// counts: how many alliance-graph nodes and relationships the database holds.
// Parameters: none. Returns: nodes, relationships.
MATCH (n)
WHERE n:{{owned_labels}}
WITH count(n) AS nodes
OPTIONAL MATCH (a)-[r]->(b)
WHERE a:{{owned_labels}} AND b:{{owned_labels}}
RETURN nodes, count(r) AS relationships
