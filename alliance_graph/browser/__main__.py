"""``python -m alliance_graph.browser ARGS`` runs ``agraph browser ARGS``: the same command,
for where the ``agraph`` script is not on the PATH (the local launcher runs it this way
with its own Python)."""

import sys

from ..cli import cli

if __name__ == "__main__":
    cli(args=["browser", *sys.argv[1:]], prog_name="agraph")
