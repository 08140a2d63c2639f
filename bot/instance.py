"""This process's name among the processes sharing one database: host, pid and a random tag
(a pid alone repeats across hosts and restarts). Leases and the process registry use it."""

from __future__ import annotations

import os
import secrets
import socket
from functools import cache


@cache
def instance_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
