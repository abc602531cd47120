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
FOREACH (_ IN CASE WHEN row.open THEN [1] ELSE [] END | SET n:OpenCamp)
FOREACH (_ IN CASE WHEN row.open THEN [] ELSE [1] END | REMOVE n:OpenCamp)
FOREACH (_ IN CASE WHEN row.closed THEN [1] ELSE [] END | SET n:ClosedCamp)
FOREACH (_ IN CASE WHEN row.closed THEN [] ELSE [1] END | REMOVE n:ClosedCamp)
FOREACH (_ IN CASE WHEN row.alliance THEN [1] ELSE [] END | SET n:Alliance)
FOREACH (_ IN CASE WHEN row.alliance THEN [] ELSE [1] END | REMOVE n:Alliance)
RETURN sum(CASE WHEN before = properties(n) AND size(before_labels) = size(labels(n))
                     AND all(l IN labels(n) WHERE l IN before_labels) THEN 0 ELSE 1 END) AS changed
