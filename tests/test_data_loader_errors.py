"""A broken data file gives one clear error naming the file and the field."""

from __future__ import annotations

import pytest

import data


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_missing_file_names_the_file(data_copy):
    (data_copy / "targets.toml").unlink()
    with pytest.raises(data.DataError) as err:
        data.load()
    assert err.value.file == "targets.toml" and "missing" in str(err.value)


def test_broken_toml_names_the_file(data_copy):
    (data_copy / "parameters.toml").write_text("[[param]\nid = ", encoding="utf-8")
    with pytest.raises(data.DataError, match="parameters.toml"):
        data.load()


def test_value_outside_its_range_names_the_field(data_copy):
    _edit(data_copy / "parameters.toml", "value = 0.118", "value = 0.9")
    with pytest.raises(data.DataError) as err:
        data.load()
    assert err.value.field == "fai_growth.value"


def test_unknown_unit_names_the_field(data_copy):
    _edit(data_copy / "baseline.toml", 'unit = "yi_yuan"', 'unit = "dollars"')
    with pytest.raises(data.DataError) as err:
        data.load()
    assert err.value.field == "gdp_2024.unit"


def test_missing_english_label_names_the_field(data_copy):
    _edit(data_copy / "targets.toml", 'en = "GDP real growth"', 'fr = "x"')
    with pytest.raises(data.DataError) as err:
        data.load()
    assert err.value.field == "gdp_real_growth_2025.label.en"


def test_assumption_without_a_reason_is_refused(data_copy):
    _edit(data_copy / "parameters.toml",
          'source = { doc = "assumption", why = { zh = "2024年服务消费约占',
          'source = { doc = "assumption", whx = { zh = "2024年服务消费约占')
    with pytest.raises(data.DataError) as err:
        data.load()
    assert err.value.field.startswith("retail_goods_weight.source")


def test_reason_without_its_chinese_names_the_field(data_copy):
    _edit(data_copy / "parameters.toml",
          'why = { zh = "2024年服务消费约占全国居民人均消费支出的46%，故商品消费约占54%", ',
          'why = { ')
    with pytest.raises(data.DataError) as err:
        data.load()
    assert (err.value.file, err.value.field) == ("parameters.toml", "retail_goods_weight.source.why.zh")


def test_reason_as_a_plain_string_names_the_field(data_copy):
    _edit(data_copy / "targets.toml", 'why = { zh = "区报告未提出地区生产总值增长目标", en = "the district report states no GDP target" }',
          'why = "the district report states no GDP target"')
    with pytest.raises(data.DataError) as err:
        data.load()
    assert (err.value.file, err.value.field) == ("targets.toml", "gdp_real_growth_2025.source.why")


def test_spread_reason_without_its_chinese_names_the_field(data_copy):
    _edit(data_copy / "parameters.toml", 'sd_why = { zh = "服务消费比商品消费平稳，取2个百分点。", ', 'sd_why = { ')
    with pytest.raises(data.DataError) as err:
        data.load()
    assert (err.value.file, err.value.field) == ("parameters.toml", "services_consumption_growth.sd_why.zh")
