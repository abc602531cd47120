// export-nodes: every node alliance-graph owns, with all labels and properties (for to_networkx and export).
// Parameters: none. Returns: id, labels, props.
MATCH (n)
WHERE n:{{owned_labels}}
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY id
