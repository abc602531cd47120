// load-csv-relationships: the hand-written baseline for one relationship type: LOAD CSV of
// relationships.csv, rows of that type only, MERGE by id between the two organisations,
// in transactions of $batch rows.
// Placeholders: __TYPE__ (a Neo4j type from the allow-list). Parameters: $url, $type (dataset
// type name, e.g. 'competes-with'), $batch (integer).
LOAD CSV WITH HEADERS FROM $url AS row
WITH row WHERE row.type = $type
CALL (row) {
  MATCH (a:Organisation {id: row.from})
  MATCH (b:Organisation {id: row.to})
  MERGE (a)-[r:__TYPE__ {id: row.type + ':' + row.from + ':' + row.to}]->(b)
  SET r.role = nullif(row.role, ''), r.kind = nullif(row.kind, ''), r.since = nullif(row.since, ''),
      r.evidence_sources = [row.source], r.evidence_quotes = [row.quote], r.evidence_via = [coalesce(row.via, '')]
} IN TRANSACTIONS OF $batch ROWS
