// export-relationships: every relationship between nodes alliance-graph owns, with its properties.
// Parameters: none. Returns: start, end, type, props.
MATCH (a)-[r]->(b)
WHERE (a:Organisation OR a:Product OR a:Claim OR a:Source) AND (b:Organisation OR b:Product OR b:Claim OR b:Source)
RETURN a.id AS start, b.id AS end, type(r) AS type, properties(r) AS props
ORDER BY props.id
