"""The components' pure JavaScript helpers, tested with node's built-in runner (tests/js/*.test.mjs)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import in_ci

JS_TESTS = Path(__file__).resolve().parent / "js"


def test_javascript_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        if in_ci():
            pytest.fail("node is missing; the JavaScript unit tests need it")
        pytest.skip("node is missing")
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))
    assert files, "no JavaScript tests found"
    run = subprocess.run([node, "--test", *files], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout
