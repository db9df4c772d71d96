"""Each preset's one-sentence explanation says what the model gives: its claims are checked here."""

from __future__ import annotations

import tomllib

import pytest

import data
from model import Scenario, simulate

DS = data.load()
RAW = {p["id"]: p for p in tomllib.loads((data.DATA_DIR / "presets.toml").read_text(encoding="utf-8"))["preset"]}


@pytest.mark.parametrize("preset_id", list(DS.presets))
def test_every_preset_explains_its_result_in_both_languages(preset_id):
    preset = DS.presets[preset_id]
    for lang in ("zh", "en"):
        assert "{gdp}" in preset.explanation[lang]
    assert "claims" in RAW[preset_id]


@pytest.mark.parametrize("preset_id", list(DS.presets))
def test_the_explanation_says_met_or_missed_as_the_model_does(preset_id):
    result = simulate(Scenario.from_preset(preset_id))
    claims = RAW[preset_id]["claims"]
    for target_id, met in claims["met"].items():
        assert bool(result.targets[target_id].met) == met, (preset_id, target_id)
    for sector, growth in result.production.growth.items():
        assert (float(growth) < 0) == (sector in claims["shrinks"]), (preset_id, sector)


def test_sentences_read_the_direction_of_their_claims():
    # "short of"/"misses"/"低于"/"达不到" only where a claim says a target is missed, and the reverse
    for preset_id, raw in RAW.items():
        en, zh = raw["explanation"]["en"], raw["explanation"]["zh"]
        if any(not met for met in raw["claims"]["met"].values()):
            assert any(w in en for w in ("short of", "misses", "below")), preset_id
            assert any(w in zh for w in ("低于", "达不到", "未达到")), preset_id
        if raw["claims"]["shrinks"]:
            assert "shrink" in en and "萎缩" in zh or "收缩" in zh, preset_id
