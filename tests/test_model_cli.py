"""The command line `python -m model`: JSON out, one-line errors in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import data
from model import Scenario, simulate
from model.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
# what the JSON lists after the outputs of data/outputs.toml: the demand side's own projection, the gap
# between the sides, the pulls, the calibration residual and the targets
DECOMPOSITION = {"demand_gdp_yi_yuan", "demand_real_growth", "discrepancy_yi_yuan", "production_contributions_pp",
                 "contributions_pp", "contribution_shares", "contributions_2024_pp", "calibration_residual_pp_2024",
                 "replay_real_growth_2024", "replay_gap_pp_2024", "targets"}


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


def _outputs_then_decomposition(result: dict, outputs: list[str]) -> None:
    assert list(result)[: len(outputs)] == outputs  # every output of outputs.toml, in its order
    assert set(result) - set(outputs) == DECOMPOSITION - set(outputs)  # and nothing else but the decomposition
    for output_id in outputs:
        assert isinstance(result[output_id], float), output_id


def test_the_json_lists_exactly_the_outputs_of_outputs_toml():
    out = run("--export-growth", "0.02")
    assert out.returncode == 0, out.stderr
    _outputs_then_decomposition(json.loads(out.stdout)["result"], list(data.load().outputs))


def test_a_new_entry_of_outputs_toml_reaches_the_json_with_no_code_change(data_copy, capsys):
    with (data_copy / "outputs.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[output]]\nid = "demand_real_growth"\nlabel = { zh = "需求侧实际增速", en = "Demand-side real growth" }\n'
                 'unit = "growth"\n')
    outputs = list(data.load().outputs)
    assert outputs[-1] == "demand_real_growth"
    assert main(["--fai-growth", "0.06"]) == 0
    _outputs_then_decomposition(json.loads(capsys.readouterr().out)["result"], outputs)


def test_each_target_says_met_about_met_or_not_met():
    """The model's three status words: a GDP target just above the projection (within its 左右 band) is about met."""
    base = json.loads(run().stdout)["result"]
    assert {t["status"] for t in base["targets"].values()} <= {"met", "about_met", "not_met"}
    band = data.load().targets["gdp_real_growth_2025"].about_band
    assert band > 0
    # no CLI flag sets a target: the summary the CLI prints, with a target moved around the projection
    projected = simulate(Scenario()).gdp_real_growth
    for target, status in ((projected - band / 2, "met"), (projected + band / 2, "about_met"),
                           (projected + 2 * band, "not_met")):
        summary = simulate(Scenario(), {"gdp_real_growth_2025": target}).summary(data.load().outputs)
        assert summary["targets"]["gdp_real_growth_2025"]["status"] == status


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
