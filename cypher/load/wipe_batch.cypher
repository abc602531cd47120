// wipe-batch: delete up to $batch of the nodes alliance-graph owns, with their relationships
// (the batched wipe runs it until it deletes nothing; nodes with other labels are left alone).
// Parameters: $batch (integer). Returns: deleted (nodes).
MATCH (n)
WHERE n:{{owned_labels}}
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
