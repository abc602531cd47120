// lock-clear: `agraph unlock`: free the write lock whoever holds it (after lock-claim).
// Parameters: none.
MATCH (l:WriteLock {id: 'writers'})
SET l.token = null, l.owner = null, l.host = null, l.pid = null, l.command = null, l.started = null,
    l.expires = null
