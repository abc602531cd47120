// marker-begin: record that a bulk load has started and is not finished. While this marker
// exists, readers are told the graph may be partial; `agraph load` of the same data finishes it.
// Parameters: $run (text, an id for this load), $files (list of text), $rows (integer).
MERGE (m:LoadMarker {id: 'bulk-load'})
SET m.run = $run, m.files = $files, m.rows = $rows, m.started = datetime(), m.status = 'incomplete'
