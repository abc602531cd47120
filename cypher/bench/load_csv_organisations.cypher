// load-csv-organisations: the hand-written baseline a Neo4j expert would run inside the server:
// LOAD CSV of the bulk form's organisations.csv, MERGE by id, in transactions of $batch rows.
// The camp is taken as stated in the file (no rule inference: the server cannot apply our rules).
// Parameters: $url (file:/// URL of organisations.csv), $batch (integer).
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (o:Organisation {id: row.id})
  SET o.name = row.name, o.kind = row.kind, o.country = nullif(row.country, ''),
      o.aliases = [a IN split(coalesce(row.aliases, ''), '|') WHERE a <> ''],
      o.camp = coalesce(nullif(row.camp, ''), 'none'),
      o.search_text = '|' + toLower(row.id) + '|' + toLower(row.name) + '|'
} IN TRANSACTIONS OF $batch ROWS
