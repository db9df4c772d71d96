"""The command line `python -m model`: JSON out, one-line errors in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "model", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_levers_in_json_out():
    out = run("--fai-growth", "0.08", "--retail-growth", "0.05", "--export-growth", "0.03")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["scenario"]["fai_growth"] == 0.08
    r = doc["result"]
    assert abs(sum(r["contributions_pp"].values()) - 100 * r["gdp_real_growth"]) < 1e-9
    assert set(r["targets"]) >= {"gdp_real_growth_2025", "new_urban_jobs_2025"}


def test_scenario_file(tmp_path):
    f = tmp_path / "s.json"
    f.write_text(json.dumps({"values": {"export_growth": -0.1}}), encoding="utf-8")
    out = run("--scenario", str(f), "--fai-growth", "0.02")
    doc = json.loads(out.stdout)
    assert (doc["scenario"]["export_growth"], doc["scenario"]["fai_growth"]) == (-0.1, 0.02)


@pytest.mark.parametrize("args,needle", [
    (("--fai-growth", "0.9"), "fai_growth must be a number in [-0.2, 0.3]"),
    (("--retail-growth", "abc"), "retail_growth must be a number in [-0.15, 0.2]"),
    (("--export-growth", "nan"), "export_growth must be a number in [-0.3, 0.3]"),
])
def test_bad_values_exit_with_one_line(args, needle):
    out = run(*args)
    assert out.returncode == 2
    assert needle in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", json.dumps({"wat": 1})])
def test_bad_scenario_file(tmp_path, content):
    f = tmp_path / "bad.json"
    f.write_text(content, encoding="utf-8")
    out = run("--scenario", str(f))
    assert out.returncode == 2 and "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
