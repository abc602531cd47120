// marker-end: a bulk load finished; remove its marker.
// Parameters: $run (text, the id given to marker-begin).
MATCH (m:LoadMarker {id: 'bulk-load', run: $run})
DELETE m
