// export-relationships: every relationship between nodes alliance-graph owns, with its properties.
// Parameters: none. Returns: start, end, type, props.
MATCH (a)-[r]->(b)
WHERE a:{{owned_labels}} AND b:{{owned_labels}}
RETURN a.id AS start, b.id AS end, type(r) AS type, properties(r) AS props
ORDER BY props.id
