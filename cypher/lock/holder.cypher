// lock-holder: who holds the write lock, read after lock-claim in the same transaction.
// Parameters: none. Returns: token (null when free), owner, host, pid, command, started,
// expires (text), expired (boolean: its lease ran out without a heartbeat).
MATCH (l:WriteLock {id: 'writers'})
RETURN l.token AS token, l.owner AS owner, l.host AS host, l.pid AS pid, l.command AS command,
       toString(l.started) AS started, toString(l.expires) AS expires,
       coalesce(l.expires < datetime(), true) AS expired
