// bulk-nodes: create nodes of one label by id (MERGE, so a batch run again creates nothing twice),
// replacing all their properties and setting the extra labels (OpenCamp / ClosedCamp / Alliance)
// to match; the lean twin of merge-nodes for a load where every node is new (an empty database or
// a wipe): no before/after comparison, so it tells created (the server's counters) from written only.
// Label: __LABEL__ is replaced by the loader with one of alliance_graph.model.LABELS (allow-list).
// Parameters: $rows, a list of {props: map with id, open: boolean, closed: boolean, alliance: boolean}.
// Returns: written, the number of rows written.
CYPHER replan=skip
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.props.id})
SET n = row.props
{{extra_labels n row}}
RETURN count(*) AS written
