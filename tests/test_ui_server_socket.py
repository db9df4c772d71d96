"""ui/server_socket.py: Nagle's algorithm off on the server's sockets, found through public interfaces."""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from ui import server_socket

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(server_socket, "_done", None)


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_listening_sockets_get_it_and_accepted_connections_inherit_it(fresh):
    accepted: list[asyncio.Transport] = []

    class Keep(asyncio.Protocol):
        def connection_made(self, transport):
            accepted.append(transport)

    async def scenario():
        server = await asyncio.get_running_loop().create_server(Keep, "127.0.0.1", 0)
        assert all(nodelay(s) == 0 for s in server.sockets)  # asyncio leaves it off (the bug worked around)
        assert server_socket.set_tcp_nodelay() is True
        assert all(nodelay(s) == 1 for s in server.sockets)
        port = server.sockets[0].getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(100):
            if accepted:
                break
            await asyncio.sleep(0.01)
        inherited = nodelay(accepted[0].get_extra_info("socket"))
        writer.close()
        server.close()
        await server.wait_closed()
        return inherited

    # in a thread of its own: the browser tests leave an event loop running in this one
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(asyncio.run(scenario())))
    worker.start()
    worker.join(30)
    assert result == [1]
    assert server_socket.set_tcp_nodelay() is True  # once per process: the answer is kept


def test_without_a_server_it_says_so_once_and_carries_on(fresh, monkeypatch, caplog):
    monkeypatch.setattr(server_socket.gc, "get_objects", lambda: [])
    with caplog.at_level(logging.WARNING, logger="ui.server_socket"):
        assert server_socket.set_tcp_nodelay() is False
        assert server_socket.set_tcp_nodelay() is False
    assert len([r for r in caplog.records if "TCP_NODELAY not set" in r.message]) == 1


def test_it_finds_the_server_of_a_real_streamlit_run(tmp_path):
    """Would notice a Streamlit upgrade that serves in a way set_tcp_nodelay no longer finds."""
    from benchmarks.st_client import Session
    from tests.e2e.conftest import free_port, start_app, stop_app

    answer = tmp_path / "answer.txt"
    script = tmp_path / "probe_app.py"
    script.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pathlib import Path\n"
        "from ui.server_socket import set_tcp_nodelay\n"
        f"Path({str(answer)!r}).write_text(str(set_tcp_nodelay()))\n",
        encoding="utf-8",
    )
    port = free_port()
    proc = start_app(port, app=str(script))
    try:
        with Session(f"http://127.0.0.1:{port}") as session:
            session.open_page()
        deadline = time.time() + 20
        while not answer.exists() and time.time() < deadline:
            time.sleep(0.1)
    finally:
        stop_app(proc)
    assert answer.read_text() == "True", sys.version
