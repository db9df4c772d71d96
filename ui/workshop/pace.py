"""Workshop codes are looked up no faster than a person types: a token bucket per client, in this process.

A code has 25**8 ≈ 1.5e11 values and a workshop lives for hours: at one look-up a second per
client, finding a live code by trying takes years. Only code look-ups are paced (they are the only
thing a guess can learn from); facilitator keys have 144 random bits and are never paced or
locked, so nobody can slow down or lock out the key's holder. A bucket is shared by everything
behind one address (a room behind one router): its burst lets a whole room join at once.
"""

from __future__ import annotations

import threading
import time

import streamlit as st

LOOKUP_BURST = 30  # look-ups a client may make at once (a room of groups joining behind one address)
LOOKUP_PER_S = 1.0  # then one a second: a person types a code in about that
MAX_CLIENTS = 10_000  # buckets kept; the oldest full ones are dropped first


class TokenBucket:
    """`burst` tries at once per client, refilled at `per_s`; take() answers how long to wait (0: go)."""

    def __init__(self, burst: float, per_s: float, clock=time.monotonic) -> None:
        self.burst, self.per_s, self._clock = burst, per_s, clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)

    def take(self, client: str) -> float:
        """Spend one try of `client`: 0.0 if it may go now, else the seconds until it may."""
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.per_s)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                self._forget_some()
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / self.per_s

    def _forget_some(self) -> None:
        if len(self._buckets) > MAX_CLIENTS:
            for client in list(self._buckets)[: len(self._buckets) - MAX_CLIENTS]:
                del self._buckets[client]


LOOKUPS = TokenBucket(LOOKUP_BURST, LOOKUP_PER_S)


def client_id() -> str:
    """The client's address as the server sees it (st.context.ip_address), or "local" when it is not known."""
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        return "local"
    return address if isinstance(address, str) and address else "local"  # None on localhost; AppTest mocks it
