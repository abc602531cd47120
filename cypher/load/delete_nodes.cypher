// delete-nodes: delete nodes of one label by id, with their relationships: what a retract, or a
// reload of a file, leaves without any source.
// Label: __LABEL__ is replaced by the loader with one of alliance_graph.model.LABELS (allow-list).
// Parameters: $rows, a list of ids (text).
// Returns: deleted, the number of nodes found and deleted.
CYPHER replan=skip
UNWIND $rows AS id
MATCH (n:__LABEL__ {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
