// merge-relationships: create or update relationships of one type by id between existing nodes,
// replacing all their properties.
// Placeholders, replaced by the loader from the allow-lists in alliance_graph.model:
//   __TYPE__ a relationship type (NEO4J_REL_TYPES); __START__ and __END__ node labels (LABELS).
// Parameters: $rows, a list of {start: id, end: id, props: map with id}.
// Returns: changed, the number of rows whose relationship was created or differed from before;
//          matched, the number of rows whose two end nodes were found.
// replan=skip: a plan for MERGE on a unique id is an index seek whatever the counts, so the server
// need not plan the statement again each time a load changes its statistics.
CYPHER replan=skip
UNWIND $rows AS row
MATCH (a:__START__ {id: row.start})
MATCH (b:__END__ {id: row.end})
MERGE (a)-[r:__TYPE__ {id: row.props.id}]->(b)
WITH r, row, properties(r) AS before
SET r = row.props
RETURN sum(CASE WHEN before = properties(r) THEN 0 ELSE 1 END) AS changed, count(*) AS matched
