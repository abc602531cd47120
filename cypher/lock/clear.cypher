// lock-clear: `agraph unlock`: free the write lock whoever holds it (after lock-claim).
// Parameters: none. Returns: cleared (the number of lock nodes deleted, 0 or 1).
MATCH (l:WriteLock {id: 'writers'})
DELETE l
RETURN count(*) AS cleared
