"""The leader brief as a browser draws it (issue 24): on A4 paper width, no two words of a chart run into each other
and none is cut off at the chart's edge (the demand-pull chart's names overlapped before), in Chinese and English;
a brief with a few changed settings prints on one A4 page."""

from __future__ import annotations

from datetime import date

import pytest

from model import Scenario, simulate
from ui.takeaway import brief

pytestmark = pytest.mark.browser
A4_TEXT_WIDTH_PX = 703  # 186 mm at 96 px per inch: the brief's body width on paper
# a negative pull on every side of zero and long names: what made labels collide
VALUES = Scenario(fai_growth=0.2, export_growth=-0.2, model_error=0.01).to_dict()

_TEXT_BOXES = """svg => {
    const frame = svg.getBoundingClientRect();
    return {frame: [frame.left, frame.top, frame.right, frame.bottom],
            texts: [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
                const r = t.getBoundingClientRect();
                return {text: t.textContent, box: [r.left, r.top, r.right, r.bottom]};
            })};
}"""


def _overlap(a, b) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_briefs_chart_labels_neither_overlap_nor_run_off_the_chart(page, lang, screenshots):
    html = brief.brief_html(lang=lang, values=VALUES, result=simulate(Scenario(**VALUES)), baseline=simulate(Scenario()),
                            link="https://example.org/", made_on=date(2025, 3, 1))
    page.set_viewport_size({"width": A4_TEXT_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    page.set_content(html)
    charts = page.locator("svg")
    assert charts.count() == 2
    for i in range(2):
        drawn = charts.nth(i).evaluate(_TEXT_BOXES)
        frame, texts = drawn["frame"], drawn["texts"]
        assert len(texts) > 10
        for t in texts:  # inside the chart: nothing cut off at its edge
            left, top, right, bottom = t["box"]
            assert left >= frame[0] - 0.5 and right <= frame[2] + 0.5 and top >= frame[1] - 0.5 and bottom <= frame[3] + 0.5, t
        for j, a in enumerate(texts):
            for b in texts[j + 1:]:
                assert _overlap(a["box"], b["box"]) < 1.0, (a, b)  # less than a pixel: touching, not overlapping
    page.screenshot(path=str(screenshots / f"brief_{lang}.png"), full_page=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 277 * 96 / 25.4  # A4 less the top and bottom margins (10 mm each): one page
