"""Scenario's fields are declared in model/scenario_fields.py, generated from data/parameters.toml
(`python -m model.scenario_fields_gen`): the file equals what the data generate, a parameter added to the
data becomes a field with its default, an id that cannot be a field is refused by name.
A value typed in any script's decimal digits is a number; words, emoji, grouping and digit look-alikes are not."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import data
from model import FIELDS, Scenario, parse_value, scenario_fields_gen
from model.scenario import MAX_VALUE_CHARS

ROOT = Path(__file__).resolve().parent.parent
NEW_PARAM = '''
[[param]]
id = "{id}"
group = "assumption"
role = "assumption"
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
def test_the_fields_are_the_parameters_in_their_order_with_their_defaults():
    assert FIELDS == tuple(data.load().params)
    assert Scenario().to_dict() == {k: p.value for k, p in data.load().params.items()}


def test_a_scenario_is_frozen_and_hashable():
    with pytest.raises(dataclasses.FrozenInstanceError, match="fai_growth"):
        Scenario().fai_growth = 0.2
    assert hash(Scenario(fai_growth=0.2)) == hash(Scenario(fai_growth=0.2))


def test_the_declared_fields_are_what_the_data_generate():
    """model/scenario_fields.py is the generator's text for data/parameters.toml, byte for byte: after a
    change to the parameters, `python -m model.scenario_fields_gen` brings it back in line."""
    generated = scenario_fields_gen.source(data.load().params)
    assert scenario_fields_gen.TARGET.read_text(encoding="utf-8") == generated


def _generated_class(params):
    namespace: dict = {}
    exec(compile(scenario_fields_gen.source(params), "scenario_fields", "exec"), namespace)  # noqa: S102 - our own generator's text
    return namespace["ScenarioFields"], namespace["FIELDS"]


def test_a_parameter_added_to_the_data_is_a_field(data_copy):
    with (data_copy / "parameters.toml").open("a", encoding="utf-8") as fh:
        fh.write(NEW_PARAM.format(id="test_share"))
    fields_class, names = _generated_class(data.load(data_copy).params)
    assert names[-1] == "test_share" and names[:-1] == FIELDS
    assert fields_class().test_share == 0.25
    assert dataclasses.replace(fields_class(), test_share=0.5).test_share == 0.5


def test_an_id_that_cannot_be_a_field_is_refused_by_name(data_copy):
    with (data_copy / "parameters.toml").open("a", encoding="utf-8") as fh:
        fh.write(NEW_PARAM.format(id="to_dict"))
    with pytest.raises(data.DataError, match="parameters.toml: to_dict.id: must be a lower-case name"):
        scenario_fields_gen.source(data.load(data_copy).params)


def test_importing_the_model_reads_no_data():
    """The composition root: nothing under model/ reads data/ when imported (a fresh interpreter)."""
    code = ("import model, model.uncertainty, model.goalseek, model.response, model.sensitivity, model.backtest\n"
            "import data\nprint(data.load.cache_info().misses)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "0"


# ------------------------------------------------------------------ typed numbers in other scripts


def _reason(key: str, raw: str) -> str:
    with pytest.raises(ValueError) as caught:
        parse_value(key, raw)
    return str(caught.value)


@pytest.mark.parametrize(("key", "raw", "number"), [
    ("fai_growth", "٠٫٠٥", 0.05),                # Arabic-Indic digits, Arabic decimal separator
    ("fai_growth", "۰٫۱", 0.1),                  # Persian (extended Arabic-Indic) digits
    ("fai_growth", "-٠٫٠٥", -0.05),
    ("fai_growth", "0。1", 0.1),                  # ideographic full stop
    ("fai_growth", "－０．１", -0.1),             # full-width minus, digits and point
    ("revenue_buoyancy", "１", 1.0),              # full-width digit (revenue_buoyancy admits -0.5..1.5)
    ("revenue_buoyancy", "１．５", 1.5),
])
def test_a_number_typed_in_another_script_is_a_number(key, raw, number):
    assert parse_value(key, raw) == number


@pytest.mark.parametrize("raw", ["５", "１２．５"])
def test_full_width_numbers_past_every_range_are_out_of_range_not_text(raw):
    assert max(p.max for p in data.load().params.values()) < 5  # no parameter admits them
    assert _reason("revenue_buoyancy", raw) == "out_of_range"


@pytest.mark.parametrize("raw", [
    "零点一", "🙂", "0.1🙂",
    "1٬000", "0٬1", "0_1", "1,5",               # grouped digits: which is the thousands separator is a guess
    "0.1²", "①", "⑴", "⒈",                      # NFKC would make digits of these: "0.1²" is not 0.12
])
def test_words_emoji_grouping_and_digit_lookalikes_are_not_a_number(raw):
    assert _reason("fai_growth", raw) == "not_a_number"


def test_the_length_limit_comes_first_in_any_script():
    assert _reason("fai_growth", "٠٫" + "٠" * (MAX_VALUE_CHARS - 1)) == "too_long"


_SCRIPTS = [0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10, 0x1D7CE]  # each script's zero
_POINTS = [".", "\u066b", "\uff0e", "\u3002"]


@given(st.floats(-0.2, 0.3), st.sampled_from(_SCRIPTS), st.sampled_from(_POINTS))
def test_any_value_written_in_any_script_reads_back_exactly(x, zero, point):
    typed = repr(x + 0.0).translate({ord(str(d)): zero + d for d in range(10)} | {ord("."): point})
    assert parse_value("fai_growth", typed) == x + 0.0
