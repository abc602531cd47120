"""What the local launcher (``scripts/neo4j_local.py``) and the package both read of its
instances: the host every instance binds, the state file's name, whether a process and a
port are alive. Standard library only, so the script can use it without the package's
dependencies.

>>> pid_alive(None), port_answers(None)
(False, False)
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

#: Where the launcher binds every instance.
HOST = "127.0.0.1"
#: Each instance's state, in ``<state root>/<name>/``.
STATE_FILE = "state.json"


def pid_alive(pid: int | None) -> bool:
    """Whether process ``pid`` runs (not a zombie); reaps it first if it is our own exited child."""
    if not pid:
        return False
    try:
        os.waitpid(pid, os.WNOHANG)
    except OSError:  # not our child
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    try:  # a zombie is not a server
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True


def port_answers(port: int | None, timeout: float = 1.0) -> bool:
    """Whether something accepts connections on ``port`` of :data:`HOST`."""
    if not port:
        return False
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False
