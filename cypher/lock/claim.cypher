// lock-claim: the first statement of a writer's lock transaction: make sure the database's one
// write-lock node exists and take the server's exclusive lock on it (held to the end of this
// transaction), so that what lock-holder reads next cannot change under it.
// Parameters: none.
MERGE (l:WriteLock {id: 'writers'})
SET l.touched = datetime()
