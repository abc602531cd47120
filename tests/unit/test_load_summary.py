"""What a load summary shows: ``written`` only when a lean write met rows it did not compare."""

from alliance_graph.store.base import LoadSummary


def test_written_column_only_when_some_rows_were_written_without_comparing():
    plain = LoadSummary(nodes_created=3, relationships_created=2)
    assert plain.columns() == ["what", "created", "updated", "unchanged", "deleted"]
    raced = LoadSummary(nodes_created=1)
    raced.add(LoadSummary(nodes_written=2, relationships_written=5, batches=1))
    assert raced.unknown and raced.columns() == ["what", "created", "updated", "unchanged", "written", "deleted"]
    assert [(r["what"], r["created"], r["written"]) for r in raced.as_rows()] == [("nodes", 1, 2), ("relationships", 0, 5)]
