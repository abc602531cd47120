// marker-begin: record that one batched load (or retract) has started and is not finished. While
// its marker exists, readers are told the graph may be partial and which command completes it.
// One marker per run: a second writer never removes another's.
// Parameters: $run (text, an id for this run), $operation ('load' or 'retract'), $command (text,
// the command that completes it), $files (list of text), $sources (list of source ids),
// $owner (text), $rows (integer), $lock (the token of the write lock the run holds).
CREATE (m:LoadMarker {id: $run})
SET m.run = $run, m.operation = $operation, m.command = $command, m.files = $files, m.sources = $sources,
    m.owner = $owner, m.rows = $rows, m.lock = $lock, m.started = datetime(), m.status = 'incomplete'
