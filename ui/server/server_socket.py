"""Send each rerun's messages at once: TCP_NODELAY on the server's sockets (Nagle's algorithm off).

Streamlit 1.67 binds its listening socket itself (starlette_server._bind_socket:
`socket.socket(family)`, so proto 0) and hands it to uvicorn, which passes it to asyncio's
loop.create_server(sock=...). asyncio turns TCP_NODELAY on by default for TCP transports (bpo-27456,
https://github.com/python/asyncio/pull/373), but its check (base_events._set_nodelay, Python 3.11)
requires `proto == IPPROTO_TCP`, and an accepted socket takes its listener's proto, so every
connection keeps Nagle on. Upstream, open: https://github.com/Kludex/uvicorn/issues/3149
(uvicorn's own pre-bound sockets, same cause) and https://github.com/python/cpython/issues/148783
(accepted sockets with proto 0 skip TCP_NODELAY). A rerun sends a burst of small WebSocket messages;
with Nagle on, all but the first wait for the browser's ACK, which Linux delays by up to 40 ms.
Measured with benchmarks/bench_floor.py's one-fragment app: request -> first element 47-48 ms with
Nagle, 5-6 ms without.

set_tcp_nodelay() turns it off on the listening sockets (on Linux accepted sockets inherit the
option) and on the connections already open, once per process (app.py calls it first thing: the
server is listening before the first script run).
Only public interfaces: gc, asyncio.Server.sockets, asyncio.Transport.get_extra_info. If a
Streamlit upgrade serves differently and no server socket is found, it logs one line and the
app runs as before, only slower to answer. tests/test_ui_server_socket.py reproduces the path with
a hand-bound socket given to create_server(sock=...) and in a real `streamlit run`; it would
notice such an upgrade, and one that makes this module unnecessary.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import socket

_LOG = logging.getLogger(__name__)
_done: bool | None = None


def _nodelay(sock: socket.socket) -> bool:
    if sock.type != socket.SOCK_STREAM or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return True


def set_tcp_nodelay() -> bool:
    """TCP_NODELAY on every asyncio server's listening sockets and open TCP transports in this
    process; True if at least one listening socket got it. Runs once per process (later calls
    return the first answer)."""
    global _done
    if _done is not None:
        return _done
    listeners = connections = 0
    try:
        for obj in gc.get_objects():
            if isinstance(obj, asyncio.Server):
                listeners += sum(_nodelay(s) for s in obj.sockets)
            elif isinstance(obj, asyncio.Transport):
                sock = obj.get_extra_info("socket")
                if sock is not None and sock.fileno() >= 0:
                    connections += _nodelay(sock)
    except (OSError, AttributeError, TypeError) as err:
        _LOG.warning("TCP_NODELAY not set (%s): reruns may wait up to 40 ms for the browser's ACK", err)
        _done = False
        return _done
    _done = listeners > 0
    if _done:
        _LOG.info("TCP_NODELAY set on %d listening socket(s) and %d open connection(s)", listeners, connections)
    else:
        _LOG.warning("TCP_NODELAY not set: no asyncio server socket in this process; reruns may wait "
                     "up to 40 ms for the browser's ACK")
    return _done
