// lock-renew: the fence of every write transaction and the heartbeat, run after lock-claim in
// the same transaction: extends the lease if this writer still holds the lock.
// Parameters: $token (text), $lease (seconds). Returns: held (0 when another writer took it).
MATCH (l:WriteLock {id: 'writers'})
WHERE l.token = $token
SET l.expires = datetime() + duration({seconds: $lease})
RETURN count(l) AS held
