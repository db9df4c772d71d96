"""A slow network link on loopback: a TCP relay that gives one phone's connections a shared bandwidth and a round trip.

    with SlowLink(target_port=8501, down_bps=1_600_000, up_bps=750_000, rtt_ms=150) as link:
        page.goto(f"http://127.0.0.1:{link.port}/")

Each direction of the link sends at its bandwidth, taking the connections that have bytes waiting in turn, a
slice at a time (as TCP flows share a bottleneck, roughly fairly); every slice arrives half a round trip after
it was sent; a new connection waits one round trip (the TCP handshake) before its first byte goes out. All
connections through one SlowLink share it, as a phone's requests share its radio. It shapes HTTP and the
WebSocket alike, which Chromium's own emulation (DevTools' Network.emulateNetworkConditions) does not: there,
WebSocket frames arrive without the added latency.
"""

from __future__ import annotations

import asyncio
import collections
import threading

CHUNK = 64 * 1024  # bytes read from a socket at a time
SLICE = 4 * 1024  # bytes a connection sends before the next waiting connection's turn


class _Direction:
    """One direction of the link: connections' bytes sent in turn at `bps`, each arriving `delay_s` later."""

    def __init__(self, bps: float, delay_s: float) -> None:
        self.bps, self.delay_s = bps, delay_s
        self.waiting: dict[asyncio.StreamWriter, collections.deque] = {}
        self.turns: collections.deque = collections.deque()
        self.wake = asyncio.Event()
        self.sent = 0

    def push(self, writer: asyncio.StreamWriter, data: bytes | None) -> None:
        """Bytes for `writer` (None: close it once everything before has arrived)."""
        queue = self.waiting.setdefault(writer, collections.deque())
        if not queue and writer not in self.turns:
            self.turns.append(writer)
        queue.append(data)
        self.wake.set()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        free_at = 0.0
        while True:
            if not self.turns:
                self.wake.clear()
                await self.wake.wait()
                continue
            writer = self.turns.popleft()
            queue = self.waiting[writer]
            data = queue.popleft()
            if data is None:
                loop.call_at(max(free_at, loop.time()) + self.delay_s, _close, writer)
                del self.waiting[writer]
                continue
            piece, rest = data[:SLICE], data[SLICE:]
            if rest:
                queue.appendleft(rest)
            free_at = max(free_at, loop.time()) + 8 * len(piece) / self.bps
            loop.call_at(free_at + self.delay_s, _write, writer, piece)
            self.sent += len(piece)
            if queue:
                self.turns.append(writer)
            if (wait := free_at - loop.time()) > 0:
                await asyncio.sleep(wait)


def _write(writer: asyncio.StreamWriter, piece: bytes) -> None:
    if not writer.is_closing():
        writer.write(piece)


def _close(writer: asyncio.StreamWriter) -> None:
    if not writer.is_closing():
        writer.close()


class SlowLink:
    """A relay on 127.0.0.1:`port` to 127.0.0.1:`target_port`, shaped as one slow link (see the module's doc)."""

    def __init__(self, target_port: int, down_bps: float, up_bps: float, rtt_ms: float) -> None:
        self.target_port = target_port
        self.rtt_s = rtt_ms / 1000
        self._rates = (down_bps, up_bps)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0

    @property
    def bytes_down(self) -> int:
        """Bytes the link has carried from the server to the browser so far."""
        return self.down.sent

    def __enter__(self) -> SlowLink:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self.down = _Direction(self._rates[0], self.rtt_s / 2)
        self.up = _Direction(self._rates[1], self.rtt_s / 2)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._accept, "127.0.0.1", 0))
        self._shapers = [self._loop.create_task(d.run()) for d in (self.down, self.up)]
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _shutdown(self) -> None:
        """Every connection still open is cut (the browser has gone)."""
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        for task in self._shapers:
            task.cancel()
        await asyncio.sleep(0.05)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}
        await asyncio.sleep(self.rtt_s)  # the TCP handshake over the slow link
        await asyncio.gather(self._read(reader, up_writer, self.up), self._read(up_reader, writer, self.down))
        self._writers -= {writer, up_writer}

    async def _read(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, direction: _Direction) -> None:
        try:
            while data := await src.read(CHUNK):
                direction.push(dst, data)
        except OSError:
            pass
        direction.push(dst, None)
