// lock-release: a writer is done; the lock is free again (nothing happens if it was taken over).
// Parameters: $token (text).
MATCH (l:WriteLock {id: 'writers'})
WHERE l.token = $token
DELETE l
