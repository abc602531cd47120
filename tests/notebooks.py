"""Running docs/notebooks/*.ipynb with a real kernel (nbclient + ipykernel), for the notebook tests."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebooks" / "open-vs-closed.ipynb"


def run_notebook(path: Path = NOTEBOOK, backend: str = "embedded", timeout: int = 300, cwd: Path | None = None):
    """Execute the notebook in a fresh kernel (cwd: ``cwd``, default its folder; this checkout first on
    the path) and return it with its outputs. A failing cell (an ``assert`` included) raises
    ``CellExecutionError``."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = {"AGRAPH_NOTEBOOK_BACKEND": backend,
           "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the kernel inherits the environment it is started in
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(cwd or path.parent)}}).execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def stdout_of(nb, needle: str) -> str:
    """The printed output of the code cell whose source contains ``needle``."""
    cell = next(c for c in nb.cells if c.cell_type == "code" and needle in c.source)
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")
