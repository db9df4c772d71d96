"""Accessibility audit figures: axe-core violations by rule and impact, per page and language, at 1440 px.

One server and one Chromium for all pages (the pages are read from the app's navigation).
Prints one line per page and language with its violations (rule, impact, elements), then
the totals by rule. With --raw, the Streamlit-owned exclusions of tests/e2e/axe_audit.py are
not applied (everything axe reports).

    python benchmarks/a11y_audit.py [--raw] [--detail]
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.axe_audit import STREAMLIT_OWNED, axe_script, nav_pages, run_axe, settle  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, stop_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw", action="store_true", help="do not apply the Streamlit-owned exclusions")
    parser.add_argument("--detail", action="store_true", help="print the failing elements too")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    script = axe_script()
    print("axe-core", script.split("\n", 1)[0].replace("/*! axe v", "").strip())
    excluded = () if args.raw else STREAMLIT_OWNED
    totals: collections.Counter = collections.Counter()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        port = free_port()
        proc = start_app(port, {"HUADU_DATA_DIR": folder, "HUADU_DATABASE_URL": f"sqlite:///{folder}/a.sqlite3"})
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            url = f"http://127.0.0.1:{port}"
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            page = context.new_page()
            for _title, path in nav_pages(page, url):
                for lang in ("zh", "en"):
                    page.goto(f"{url}{path}?lang={lang}")
                    settle(page)
                    found = run_axe(page, script, excluded)
                    lang_attr = page.evaluate("() => document.documentElement.lang")
                    summary = ", ".join(f"{v.rule}[{v.impact}]x{len(v.targets)}" for v in found) or "none"
                    print(f"{path:14s} {lang}  html lang={lang_attr!r:8s} {summary}")
                    for v in found:
                        totals[(v.rule, v.impact)] += len(v.targets)
                        if args.detail:
                            print("      ", v)
        finally:
            browser.close()
            stop_app(proc)
    print("totals (elements, over all pages and both languages):")
    for (rule, impact), n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {rule:32s} {impact:9s} {n}")


if __name__ == "__main__":
    main()
