// marker-check: every unfinished batched load or retract, oldest first.
// Parameters: none. Returns: run, operation, command, files, sources, owner, rows, started (text),
// lock (the token of the write lock the run held).
MATCH (m:LoadMarker)
RETURN m.run AS run, coalesce(m.operation, 'load') AS operation, m.command AS command, m.files AS files,
       coalesce(m.sources, []) AS sources, m.owner AS owner, m.rows AS rows, toString(m.started) AS started,
       m.lock AS lock
ORDER BY m.started, m.run
