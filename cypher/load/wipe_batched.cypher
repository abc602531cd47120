// wipe-batched: delete every node alliance-graph owns, in batches of $batch (bulk loads; runs
// in an auto-commit transaction). Nodes with other labels are left alone.
// Parameters: $batch (integer).
MATCH (n)
WHERE n:{{owned_labels}}
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS
