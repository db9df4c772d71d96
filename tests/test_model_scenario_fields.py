"""Scenario's fields are made from data/parameters.toml in one place (model/scenario.py): a parameter
added to the data is a field with its default, with no code to copy; an id that cannot be a field is refused by name."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

import data
from model import FIELDS, Scenario

ROOT = Path(__file__).resolve().parent.parent
NEW_PARAM = '''
[[param]]
id = "{id}"
group = "assumption"
label = {{ zh = "测试参数", en = "Test parameter" }}
help = {{ zh = "测试。", en = "Test." }}
unit = "share"
value = 0.25
min = 0.0
max = 1.0
step = 0.01
source = {{ doc = "assumption", why = {{ zh = "测试", en = "a test" }} }}
sd = 0.0
sd_why = {{ zh = "测试。", en = "Test." }}
evidence = {{ kind = "judgement" }}
'''
_READ_SCENARIO = """
import sys
from pathlib import Path
import data
data.DATA_DIR = Path(sys.argv[1])
from model import FIELDS, Scenario, simulate
print(FIELDS[-1], Scenario().to_dict()[FIELDS[-1]], Scenario(**{FIELDS[-1]: 0.5}).changed_from_default())
simulate(Scenario())
"""


def test_the_fields_are_the_parameters_in_their_order_with_their_defaults():
    assert FIELDS == tuple(data.load().params)
    assert Scenario().to_dict() == {k: p.value for k, p in data.load().params.items()}


def test_a_scenario_is_frozen_and_hashable():
    with pytest.raises(dataclasses.FrozenInstanceError, match="fai_growth"):
        Scenario().fai_growth = 0.2
    assert hash(Scenario(fai_growth=0.2)) == hash(Scenario(fai_growth=0.2))


def _run(data_copy):
    return subprocess.run([sys.executable, "-c", _READ_SCENARIO, str(data_copy)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_a_parameter_added_to_the_data_is_a_field(data_copy):
    with (data_copy / "parameters.toml").open("a", encoding="utf-8") as fh:
        fh.write(NEW_PARAM.format(id="test_share"))
    run = _run(data_copy)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["test_share", "0.25", "{'test_share':", "0.5}"]


def test_an_id_that_cannot_be_a_field_is_refused_by_name(data_copy):
    with (data_copy / "parameters.toml").open("a", encoding="utf-8") as fh:
        fh.write(NEW_PARAM.format(id="to_dict"))
    run = _run(data_copy)
    assert run.returncode != 0
    assert "parameters.toml: to_dict.id: must be a lower-case name" in run.stderr
