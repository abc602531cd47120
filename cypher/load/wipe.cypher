// wipe: delete every node alliance-graph owns (and so their relationships), in the caller's
// transaction. Nodes with other labels are left alone.
// Parameters: none.
MATCH (n)
WHERE n:{{owned_labels}}
DETACH DELETE n
