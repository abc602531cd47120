"""`python -m alliance_graph`: the agraph command line."""

from .cli import main

if __name__ == "__main__":
    main()
