"""Print how long the upload check takes on hostile files of 1 MB: many keys, deep nesting, a long list.

    python -m benchmarks.bench_upload
"""

from __future__ import annotations

import json
import time

from tests.test_ui_upload import _many_keys_file
from ui.session.upload import MAX_UPLOAD_BYTES, parse_scenario_upload


def _timed(label: str, content: bytes) -> None:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        parsed = parse_scenario_upload(content)
        best = min(best, time.perf_counter() - started)
    reasons = sorted({p.reason for p in parsed.problems})
    print(f"{label:<34} {len(content):>9,} bytes  {best * 1000:8.1f} ms  -> {', '.join(reasons) or 'ok'}")


def main() -> None:
    _timed("one object, many keys", _many_keys_file())
    _timed("nested 20,000 deep", b"[" * 20_000 + b"]" * 20_000)
    small = json.dumps({"version": "2025.1", "values": {"fai_growth": 0.1}, "pad": [0] * 200_000})
    _timed("long list beside the values", small.encode()[:MAX_UPLOAD_BYTES])


if __name__ == "__main__":
    main()
