// lock-release: a writer is done; the lock is free again (nothing happens if it was taken over).
// The node stays (its fields emptied): deleting it would race with a writer claiming it.
// Parameters: $token (text).
MATCH (l:WriteLock {id: 'writers'})
WHERE l.token = $token
SET l.token = null, l.owner = null, l.host = null, l.pid = null, l.command = null, l.started = null,
    l.expires = null
