// marker-check: an unfinished bulk load, if any.
// Parameters: none. Returns: run, files, rows, started (text), at most one row.
MATCH (m:LoadMarker {id: 'bulk-load'})
RETURN m.run AS run, m.files AS files, m.rows AS rows, toString(m.started) AS started
