// merge-nodes: create or update nodes of one label by id, replacing all their properties
// and setting the extra labels (OpenCamp / ClosedCamp / Alliance) to match.
// Label: __LABEL__ is replaced by the loader with one of alliance_graph.model.LABELS (allow-list).
// Parameters: $rows, a list of {props: map with id, open: boolean, closed: boolean, alliance: boolean}.
// Returns: changed, the number of rows whose node was created or differed from before.
// replan=skip: a plan for MERGE on a unique id is an index seek whatever the counts, so the server
// need not plan the statement again each time a load changes its statistics.
CYPHER replan=skip
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.props.id})
WITH n, row, properties(n) AS before, labels(n) AS before_labels
SET n = row.props
{{extra_labels n row}}
RETURN sum(CASE WHEN before = properties(n) AND size(before_labels) = size(labels(n))
                     AND all(l IN labels(n) WHERE l IN before_labels) THEN 0 ELSE 1 END) AS changed
