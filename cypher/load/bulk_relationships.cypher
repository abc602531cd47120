// bulk-relationships: create relationships of one type by id between existing nodes (MERGE, so a
// batch run again creates nothing twice), replacing all their properties; the lean twin of
// merge-relationships for a load where every relationship is new (an empty database or a wipe):
// no before/after comparison, so it tells created (the server's counters) from written only.
// Rows are lists, not maps, so the driver packs less: [start id, end id, props].
// Placeholders, replaced by the loader from the allow-lists in alliance_graph.model:
//   __TYPE__ a relationship type (NEO4J_REL_TYPES); __START__ and __END__ node labels (LABELS).
// Parameters: $rows, a list of [start: id, end: id, props: map with id].
// Returns: matched, the number of rows whose two end nodes were found (each written).
CYPHER replan=skip
UNWIND $rows AS row
MATCH (a:__START__ {id: row[0]})
MATCH (b:__END__ {id: row[1]})
MERGE (a)-[r:__TYPE__ {id: row[2].id}]->(b)
SET r = row[2]
RETURN count(*) AS matched
