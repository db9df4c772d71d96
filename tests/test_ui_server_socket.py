"""ui/server/server_socket.py: Nagle's algorithm off on the connections of a server whose listening socket was
bound by hand (proto 0) and handed to asyncio, as Streamlit 1.67 hands its socket to uvicorn, which
passes it to loop.create_server(sock=...). asyncio sets TCP_NODELAY only when proto is IPPROTO_TCP,
so on that path only the module's fix turns it on."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from ui.server import server_socket

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(server_socket, "_done", None)


def nodelay(sock) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def pre_bound() -> socket.socket:
    """A listening socket made as Streamlit's starlette_server._bind_socket makes it: socket.socket(family)
    leaves proto 0 (asyncio's create_server(host, port) would take proto 6 from getaddrinfo instead)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.setblocking(False)
    assert sock.proto == 0
    return sock


def serve_pre_bound(fix: bool) -> dict[str, tuple[int, int]]:
    """(proto, TCP_NODELAY) of the server side of two connections to an asyncio server on a pre-bound
    socket: one accepted before set_tcp_nodelay() ran (when `fix`), one after; and of the listener."""

    async def scenario() -> dict[str, tuple[int, int]]:
        loop = asyncio.get_running_loop()
        accepted: asyncio.Queue = asyncio.Queue()

        class Keep(asyncio.Protocol):
            def connection_made(self, transport):
                accepted.put_nowait(transport)

        listener = pre_bound()
        server = await loop.create_server(Keep, sock=listener)  # what uvicorn.Server.startup(sockets=[...]) does
        clients = []
        try:
            clients.append((await asyncio.open_connection(*listener.getsockname()))[1])
            before = (await asyncio.wait_for(accepted.get(), 10)).get_extra_info("socket")
            if fix:
                assert server_socket.set_tcp_nodelay() is True
            clients.append((await asyncio.open_connection(*listener.getsockname()))[1])
            after = (await asyncio.wait_for(accepted.get(), 10)).get_extra_info("socket")
            return {"open_at_fix": (before.proto, nodelay(before)), "accepted_after_fix": (after.proto, nodelay(after)),
                    "listener": (listener.proto, nodelay(listener))}
        finally:
            for writer in clients:
                writer.close()
            server.close()
            await server.wait_closed()

    # in a thread of its own: the browser tests leave an event loop running in this one
    result: list = []
    worker = threading.Thread(target=lambda: result.append(asyncio.run(scenario())))
    worker.start()
    worker.join(30)
    assert len(result) == 1, "the asyncio scenario did not finish"
    return result[0]


def test_asyncio_leaves_nagle_on_for_a_pre_bound_socket():
    """Why the module exists. If this fails, asyncio (or Python) now sets TCP_NODELAY on this path
    itself and ui/server/server_socket.py can go (issue 20: only tuning that pays)."""
    assert serve_pre_bound(fix=False) == {"open_at_fix": (0, 0), "accepted_after_fix": (0, 0), "listener": (0, 0)}


def test_the_fix_turns_nagle_off_on_open_and_later_connections(fresh):
    assert serve_pre_bound(fix=True) == {"open_at_fix": (0, 1), "accepted_after_fix": (0, 1), "listener": (0, 1)}
    assert server_socket.set_tcp_nodelay() is True  # once per process: the answer is kept


def test_without_a_server_it_says_so_once_and_carries_on(fresh, monkeypatch, caplog):
    monkeypatch.setattr(server_socket.gc, "get_objects", lambda: [])
    with caplog.at_level(logging.WARNING, logger="ui.server.server_socket"):
        assert server_socket.set_tcp_nodelay() is False
        assert server_socket.set_tcp_nodelay() is False
    assert len([r for r in caplog.records if "TCP_NODELAY not set" in r.message]) == 1


PROBE_APP = """\
import asyncio, gc, json, socket, sys
sys.path.insert(0, {root!r})
from ui.server.server_socket import set_tcp_nodelay

PORT = {port}

def sockets():
    # (proto, TCP_NODELAY) of the server's listening sockets, and by client port of its open connections
    state = {{"listeners": [], "connections": {{}}}}
    for obj in gc.get_objects():
        if isinstance(obj, asyncio.Server):
            state["listeners"] += [[s.proto, s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)] for s in obj.sockets]
        elif isinstance(obj, asyncio.Transport):
            s = obj.get_extra_info("socket")
            if s is not None and s.fileno() >= 0 and s.family in (socket.AF_INET, socket.AF_INET6) \\
                    and s.getsockname()[1] == PORT:
                state["connections"][s.getpeername()[1]] = [s.proto, s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)]
    return state

before = sockets()
fixed = set_tcp_nodelay()
with open({answer!r}, "a", encoding="utf-8") as f:
    f.write(json.dumps({{"before": before, "fixed": fixed, "after": sockets()}}) + "\\n")
"""


def test_a_real_streamlit_server_gets_it_on_its_connections(tmp_path):
    """The real path end to end: `streamlit run` binds its socket by hand and hands it to uvicorn. The
    first session's run turns Nagle off (its own connection is open then); a session that connects
    later is accepted with it off. Would notice a Streamlit upgrade that serves in a way
    set_tcp_nodelay no longer finds, or one that fixes it upstream."""
    from benchmarks.st_client import Session
    from tests.e2e.conftest import free_port, start_app, stop_app

    answer = tmp_path / "answer.jsonl"
    script = tmp_path / "probe_app.py"
    port = free_port()
    script.write_text(PROBE_APP.format(root=str(ROOT), port=port, answer=str(answer)), encoding="utf-8")
    proc = start_app(port, app=str(script))
    sessions = [Session(f"http://127.0.0.1:{port}") for _ in range(2)]
    try:
        clients = []
        for session in sessions:  # the first session is still open when the second connects
            session.open_page()
            clients.append(session.ws.sock.getsockname()[1])
        deadline = time.time() + 20
        while len(answer.read_text(encoding="utf-8").splitlines() if answer.exists() else []) < 2 \
                and time.time() < deadline:
            time.sleep(0.1)
    finally:
        for session in sessions:
            session.close()
        stop_app(proc)
    first, second = (json.loads(line) for line in answer.read_text(encoding="utf-8").splitlines())
    assert first["before"]["listeners"] == [[0, 0]], ("Streamlit now binds its socket so that asyncio sets "
                                                     "TCP_NODELAY itself: ui/server/server_socket.py can go", sys.version)
    assert first["before"]["connections"][str(clients[0])] == [0, 0]
    assert first["fixed"] is True and second["fixed"] is True
    assert first["after"]["listeners"] == [[0, 1]]
    assert first["after"]["connections"][str(clients[0])] == [0, 1]  # open when the fix ran: set directly
    assert second["before"]["connections"][str(clients[1])] == [0, 1]  # accepted later: inherited from the listener
