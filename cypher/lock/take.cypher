// lock-take: this writer holds the write lock now (after lock-claim found it free or stale).
// Parameters: $token (text, this holder's id), $owner, $host (text), $pid (integer), $command (text,
// what runs), $lease (seconds: the lock is stale once this long passes without a heartbeat).
// Returns: taken (1, or 0 if the node is gone: then try again).
MATCH (l:WriteLock {id: 'writers'})
SET l.token = $token, l.owner = $owner, l.host = $host, l.pid = $pid, l.command = $command,
    l.started = datetime(), l.expires = datetime() + duration({seconds: $lease})
RETURN count(l) AS taken
