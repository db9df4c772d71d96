"""Workshops and roles: generated join codes, the facilitator's secret (stored hashed), slowed wrong guesses."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, select, update
from sqlalchemy import exc as sa_exc

from store.schema import workshops
from store.validate import (
    WORKSHOP_CODE_MAX,
    StoreError,
    StoreValidationError,
    clean_label,
    code_skeleton,
    normalise_workshop_code,
)

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud or from a projector is typed right.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_GROUPS = 2
CODE_GROUP_CHARS = 4  # 25**8 ≈ 1.5e11 codes: guessing a live one by trying is hopeless
FACILITATOR_KEY_BYTES = 18  # 144 random bits in the facilitator link
FREE_FAILURES = 3  # wrong facilitator keys before each further try waits
MAX_WAIT_S = 300


def token_hash(token: str) -> str:
    """sha256 of a high-entropy token (facilitator key, author token): the database never holds the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_CHARS)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


class FacilitatorThrottledError(StoreError):
    """Too many wrong facilitator keys for this workshop: try again after `retry_after_s`."""

    def __init__(self, retry_after_s: int):
        self.retry_after_s = retry_after_s
        super().__init__(f"too many wrong facilitator keys; try again in {retry_after_s} s")


class NotAllowedError(StoreError):
    """Only a scenario's author or the workshop's facilitator may delete it (only the facilitator restores)."""


@dataclass(frozen=True)
class NewWorkshop:
    """What the facilitator gets once: the join code for the room and the key of the facilitator link."""

    code: str
    facilitator_key: str


@dataclass(frozen=True)
class CodeLookup:
    """A typed code: `code` when a workshop has exactly it, else up to three look-alike `suggestions`."""

    code: str | None
    suggestions: tuple[str, ...] = ()


class AttemptThrottle:
    """Per-process memory of wrong facilitator keys per workshop: after FREE_FAILURES, waits double."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}

    def check(self, code: str) -> None:
        with self._lock:
            count, last = self._failures.get(code, (0, 0.0))
        if count >= FREE_FAILURES:
            wait = min(2 ** (count - FREE_FAILURES + 1), MAX_WAIT_S)
            left = last + wait - time.monotonic()
            if left > 0:
                raise FacilitatorThrottledError(int(left) + 1)

    def failed(self, code: str) -> None:
        with self._lock:
            count, _ = self._failures.get(code, (0, 0.0))
            self._failures[code] = (count + 1, time.monotonic())

    def succeeded(self, code: str) -> None:
        with self._lock:
            self._failures.pop(code, None)


class WorkshopRoles:
    """Mixed into ScenarioStore: needs self._bounded(fn) and self.engine."""

    throttle: AttemptThrottle

    def create_workshop(self) -> NewWorkshop:
        """A new workshop with a fresh code and facilitator key (the key is returned once and stored hashed)."""
        key = secrets.token_urlsafe(FACILITATOR_KEY_BYTES)

        def insert() -> NewWorkshop:
            for _ in range(10):
                code = new_code()
                try:
                    with self.engine.begin() as conn:
                        conn.execute(workshops.insert().values(
                            code=code, skeleton=code_skeleton(code), facilitator_hash=token_hash(key),
                            created_at=datetime.now(UTC)))
                    return NewWorkshop(code, key)
                except sa_exc.IntegrityError:  # the code exists already: draw another
                    continue
            raise StoreError("could not draw an unused workshop code")

        return self._bounded(insert)

    def lookup_workshop(self, raw: str) -> CodeLookup:
        """The workshop a typed code means, or look-alike suggestions.

        StoreValidationError if it cannot be a code and looks like none (a space or a dot in it still
        gets its suggestion).
        """
        try:
            code = normalise_workshop_code(raw)
        except StoreValidationError as err:
            if err.reason != "bad_chars" or not isinstance(raw, str) or len(raw) > 2 * WORKSHOP_CODE_MAX:
                raise
            near = self._bounded(lambda: self._similar(code_skeleton(clean_label(raw))))
            if not near:
                raise
            return CodeLookup(None, near)

        def find() -> CodeLookup:
            with self.engine.connect() as conn:
                if conn.execute(select(workshops.c.id).where(workshops.c.code == code)).first():
                    return CodeLookup(code)
            return CodeLookup(None, self._similar(code_skeleton(code)))

        return self._bounded(find)

    def _similar(self, skeleton: str) -> tuple[str, ...]:
        with self.engine.connect() as conn:
            return tuple(conn.execute(select(workshops.c.code).where(workshops.c.skeleton == skeleton)
                                      .order_by(workshops.c.code).limit(3)).scalars())

    def _facilitator_hash(self, conn: Connection, code: str) -> str | None:
        return conn.execute(select(workshops.c.facilitator_hash).where(workshops.c.code == code)).scalar()

    def is_facilitator(self, workshop_code: str, key: str | None) -> bool:
        """True if `key` is this workshop's facilitator key. Wrong keys are counted and then slowed (raises
        FacilitatorThrottledError while a wait is running)."""
        if not key:
            return False
        code = normalise_workshop_code(workshop_code)
        self.throttle.check(code)

        def stored() -> str | None:
            with self.engine.connect() as conn:
                return self._facilitator_hash(conn, code)

        expected = self._bounded(stored)
        if expected is not None and hmac.compare_digest(expected, token_hash(key)):
            self.throttle.succeeded(code)
            return True
        self.throttle.failed(code)
        return False

    def set_facilitator_key(self, workshop_code: str) -> str:
        """A new facilitator key for an existing workshop (an operator's command, e.g. for a schema-1 code)."""
        code = normalise_workshop_code(workshop_code)
        key = secrets.token_urlsafe(FACILITATOR_KEY_BYTES)

        def store_it() -> int:
            with self.engine.begin() as conn:
                return conn.execute(update(workshops).where(workshops.c.code == code)
                                    .values(facilitator_hash=token_hash(key))).rowcount

        if self._bounded(store_it) != 1:
            raise StoreError(f"no workshop {code}")
        return key
