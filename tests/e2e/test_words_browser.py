"""Words in a real Chromium (issue 24): every typed-value box named by its lever for a screen reader, and no
English that Streamlit writes by itself anywhere in the Chinese UI."""

from __future__ import annotations

import pytest

import data
from tests.e2e.axe_audit import settle

pytestmark = pytest.mark.browser
DATA = data.load()

NUMBER_NAMES_JS = "() => [...document.querySelectorAll('input[data-testid=\"stNumberInputField\"]')].map(i => i.getAttribute('aria-label'))"


def _named(label: str, lang: str) -> str:
    return DATA.text["exact_value_named"][lang].format(label=label)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("path", "groups"), [("/assumptions", ("assumption", "advanced")), ("/analysis", ("lever",))])
def test_each_typed_value_box_is_named_by_its_lever(page, app_url, path, groups, lang):
    page.goto(f"{app_url}{path}?lang={lang}")
    settle(page)
    names = page.evaluate(NUMBER_NAMES_JS)
    expected = [_named(p.label[lang], lang) for group in groups for p in DATA.params_in(group)]
    boxes = [name for name in names if name in expected]
    assert sorted(boxes) == sorted(expected)  # every lever's box, by its own lever's name
    assert len(set(names)) == len(names), "two boxes share a name"
    assert DATA.text["exact_value"][lang] not in names  # no box is only "Exact" / "手动输入"
