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


# ------------------------------------------------------------------ each rule refuses its edge and keeps the rest

FAI_NUMBERS = "value = 0.118\nmin = -0.20\nmax = 0.30\nstep = 0.001"
GDP_BAND = 'value = 0.05\nmin = 0.0\nmax = 0.10\nabout_band = 0.005'
FAI_SD = 'sd = 0.05\nsd_why = { zh = "2020—2024年花都区固定资产投资增速'
GDP_REPORT_SOURCE = 'source = { doc = "report", section = "一(一) 抓经济强调度稳中有进", quote = "全年地区生产总值1860.06亿元" }'


@pytest.mark.parametrize(("file", "old", "new", "field", "message"), [
    ("parameters.toml", FAI_NUMBERS, FAI_NUMBERS.replace("step = 0.001", "step = 0"), "fai_growth.step", "step must be > 0"),
    ("parameters.toml", FAI_NUMBERS, FAI_NUMBERS.replace("step = 0.001", "step = -0.001"), "fai_growth.step", "step"),
    ("parameters.toml", FAI_SD, FAI_SD.replace("sd = 0.05", "sd = -0.01"), "fai_growth.step", "sd >= 0"),
    ("targets.toml", GDP_BAND, GDP_BAND.replace("0.005", "0.051"), "gdp_real_growth_2025.about_band", "[0, 0.05]"),
    ("targets.toml", GDP_BAND, GDP_BAND.replace("0.005", "-0.001"), "gdp_real_growth_2025.about_band", "[0, 0.05]"),
    ("targets.toml", GDP_BAND, GDP_BAND.replace("0.005", "0.5"), "gdp_real_growth_2025.about_band", "[0, 0.05]"),
    ("baseline.toml", GDP_REPORT_SOURCE, GDP_REPORT_SOURCE.replace(', quote = "全年地区生产总值1860.06亿元"', ""),
     "gdp_2024.source", "needs section and quote"),
    ("baseline.toml", GDP_REPORT_SOURCE, GDP_REPORT_SOURCE.replace(', section = "一(一) 抓经济强调度稳中有进"', ""),
     "gdp_2024.source", "needs section and quote"),
    ("targets.toml", 'section = "2025 targets: GDP growth about 5%", ', "", "gdp_real_growth_2025.source.section", "missing"),
])
def test_each_numeric_and_source_rule_names_its_field(data_copy, file, old, new, field, message):
    _edit(data_copy / file, old, new)
    with pytest.raises(data.DataError) as err:
        data.load()
    assert (err.value.file, err.value.field) == (file, field) and message in err.value.problem, str(err.value)


@pytest.mark.parametrize(("file", "old", "new", "check"), [
    ("targets.toml", GDP_BAND, GDP_BAND.replace("0.005", "0.05"),
     lambda ds: ds.targets["gdp_real_growth_2025"].about_band == 0.05),
    ("targets.toml", GDP_BAND, GDP_BAND.replace("about_band = 0.005", "about_band = 0"),
     lambda ds: ds.targets["gdp_real_growth_2025"].about_band == 0.0),
    ("parameters.toml", FAI_SD, FAI_SD.replace("sd = 0.05", "sd = 0"), lambda ds: ds.params["fai_growth"].sd == 0.0),
    # a report figure with a reason instead of a quote (a parameter's default taken from the report)
    ("baseline.toml", GDP_REPORT_SOURCE,
     GDP_REPORT_SOURCE.replace('quote = "全年地区生产总值1860.06亿元"', 'why = { zh = "理由", en = "a reason" }'),
     lambda ds: ds.baseline["gdp_2024"].source.why["en"] == "a reason"),
])
def test_the_edges_each_rule_allows_still_load(data_copy, file, old, new, check):
    _edit(data_copy / file, old, new)
    assert check(data.load())


@pytest.mark.parametrize(("file", "old", "new", "field", "message"), [
    ("parameters.toml", "value = 0.118", "value = true", "fai_growth.value", "must be a number"),
    ("baseline.toml", 'id = "gdp_real_growth_2024"', 'id = "gdp_2024"', "figure[0].id", "appears twice"),
    ("presets.toml", "values = { fai_growth = 0.118,", "values = { fai_growth = 0.9,", "continue_2024.values.fai_growth",
     "not a number in the parameter's range"),
    ("presets.toml", "values = { fai_growth = 0.118,", "values = { fai_growth = true,", "continue_2024.values.fai_growth",
     "not a number in the parameter's range"),
])
def test_a_bool_a_repeated_id_and_a_preset_outside_its_range_are_named(data_copy, file, old, new, field, message):
    _edit(data_copy / file, old, new)
    with pytest.raises(data.DataError) as err:
        data.load()
    assert (err.value.file, err.value.field) == (file, field) and message in err.value.problem, str(err.value)


@pytest.mark.parametrize(("old", "new", "field"), [
    ('group = "lever"\nrole = "policy"', 'group = "lever"', "fai_growth.role"),  # missing
    ('group = "lever"\nrole = "policy"', 'group = "lever"\nrole = "lever"', "fai_growth.role"),  # not a role
    ('group = "lever"\nrole = "policy"', 'group = "lever"\nrole = "assumption"', "fai_growth.role"),  # a main lever
])
def test_a_parameters_role_is_required_and_checked(data_copy, old, new, field):
    """The role (policy lever or model assumption) groups the sensitivity chart and flags the brief's settings."""
    _edit(data_copy / "parameters.toml", old, new)
    with pytest.raises(data.DataError) as err:
        data.load()
    assert err.value.field == field
