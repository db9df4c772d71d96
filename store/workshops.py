"""Workshops and roles: generated join codes and the facilitator's secret key (stored hashed)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
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
# 144 random bits in the facilitator link: guessing is hopeless without any lock-out, and a
# lock-out would let anyone holding the join code shut the real facilitator out.
FACILITATOR_KEY_BYTES = 18


def token_hash(token: str) -> str:
    """sha256 of a high-entropy token (facilitator key, author token): the database never holds the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_CHARS)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


class NotAllowedError(StoreError):
    """Only a scenario's author or the facilitator may delete it; only the facilitator restores, only the author replaces."""


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


class WorkshopRoles:
    """Mixed into ScenarioStore: needs self._bounded(fn) and self.engine."""

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
        """True if `key` is this workshop's facilitator key (hashes compared in constant time)."""
        if not key:
            return False
        code = normalise_workshop_code(workshop_code)

        def stored() -> str | None:
            with self.engine.connect() as conn:
                return self._facilitator_hash(conn, code)

        expected = self._bounded(stored)
        return expected is not None and hmac.compare_digest(expected, token_hash(key))

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
