"""Fixtures shared by the unit tests."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from alliance_graph.cli import cli


@pytest.fixture
def run(no_neo4j_env):
    """The agraph CLI in-process, with no Neo4j configured: ``run(*args, input=None)`` -> click's Result."""
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke
