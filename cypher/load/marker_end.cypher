// marker-end: a batched load or retract finished: remove its own marker, and the markers of the
// unfinished runs it completes: with $everything (a wipe) all of them, else those whose sources
// are all among $sources (what they wrote is rewritten or removed by this run).
// Parameters: $run (text), $sources (list of source ids), $everything (boolean).
MATCH (m:LoadMarker)
WHERE m.run = $run OR $everything
   OR (size(coalesce(m.sources, [])) > 0 AND all(s IN m.sources WHERE s IN $sources))
DELETE m
RETURN count(*) AS removed
