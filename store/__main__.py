"""Operator commands for the scenario library (no streamlit).

    python -m store facilitator-key CODE    # a new facilitator key for an existing workshop (e.g. a schema-1 code)
    python -m store start-workshop          # a new workshop: prints its code and facilitator key

Both use HUADU_DATABASE_URL (or the SQLite default), as the app does without a secrets file.
The key is printed once and stored only as a hash; build the facilitator link from it:
https://HOST/board?ws=CODE&fk=KEY
"""

from __future__ import annotations

import sys

from store import ScenarioStore, StoreError, normalise_workshop_code


def main(argv: list[str]) -> int:
    if argv[:1] == ["start-workshop"] and len(argv) == 1:
        room = ScenarioStore().create_workshop()
        print(f"code {room.code}\nfacilitator key {room.facilitator_key}")
        return 0
    if argv[:1] == ["facilitator-key"] and len(argv) == 2:
        try:
            code = normalise_workshop_code(argv[1])
            key = ScenarioStore().set_facilitator_key(code)
        except StoreError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        print(f"code {code}\nfacilitator key {key}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
