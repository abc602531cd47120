// delete-relationships: delete relationships of one type by id: what a retract, or a reload of a
// file, leaves without any source.
// Type: __TYPE__ is replaced by the loader with one of alliance_graph.model.NEO4J_REL_TYPES (allow-list).
// Parameters: $rows, a list of ids (text).
// Returns: deleted, the number of relationships found and deleted.
CYPHER replan=skip
UNWIND $rows AS id
MATCH ()-[r:__TYPE__ {id: id}]->()
DELETE r
RETURN count(*) AS deleted
