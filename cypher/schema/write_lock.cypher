// write-lock: the one write-lock node per database (see alliance_graph/store/write_lock.py):
// concurrent writers that create it at once still make one.
CREATE CONSTRAINT write_lock_id IF NOT EXISTS FOR (l:WriteLock) REQUIRE l.id IS UNIQUE
