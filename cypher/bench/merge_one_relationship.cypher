// merge-one-relationship: the naive baseline, one relationship per statement and transaction.
// Placeholders: __TYPE__, __START__, __END__ (from the allow-lists).
// Parameters: $start, $end (node ids), $props (map with id).
MATCH (a:__START__ {id: $start})
MATCH (b:__END__ {id: $end})
MERGE (a)-[r:__TYPE__ {id: $props.id}]->(b)
SET r = $props
