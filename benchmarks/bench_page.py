"""Simulator page speed beside a bare Streamlit app (3 sliders, 1 metric, 1 Altair chart), same run.

Prints:
  server: median AppTest rerun time after a lever change (the app: a commit of its lever panel;
          the bare app: a slider), app vs bare and the ratio, with compiled scripts kept between
          runs as a server keeps them
  browser, in real Chromium, each on the page's own clock:
    keypress -> GDP card: keydown on a lever to the GDP card's text changed (goal <= 0.5x the bare app:
                the panel previews in the browser, the bare app goes through the server)
    drag: GDP card redraws per second while a slider is dragged with the mouse (the bare app sends
          nothing before the release: 0), beside the pointer moves per second Playwright delivered
          (the ceiling on this machine), and the same at the browser's frame rate (input events
          dispatched once per animation frame for one second, as Chromium reports a hand's drag)
    release -> exact figures everywhere: mouse-up after a drag to the last of the page's outputs
               updated (app: cards settled on the server's texts, charts and scorecard redrawn with
               the commit's figures (ui/simulator/outcomes.py) and the URL rewritten; bare: metric and chart
               redrawn)
               (goal <= 1.5x the bare app)

    python benchmarks/bench_page.py [--reruns 40] [--presses 30] [--releases 30] [--no-browser]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import page_probes as probes  # noqa: E402

BARE_APP = ROOT / "benchmarks" / "bare_app.py"  # 3 sliders, 1 metric, 1 Altair chart


def server_side(app_path: str, move, reruns: int) -> float:
    """Median rerun time after `move(at, i)` changed a lever."""
    from streamlit.testing.v1 import AppTest

    with probes.shared_script_cache():
        at = AppTest.from_file(app_path, default_timeout=60)
        at.run()
        times = []
        for i in range(reruns):
            move(at, i)
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
            assert not at.exception, at.exception
    return statistics.median(times[3:]) * 1000


def _app_move(at, i: int) -> None:
    from tests.panel import panel
    from ui.simulator.lever_panel import PANEL_KEY

    at.session_state[PANEL_KEY] = {"commit": {"seq": panel(at)["seq"] + 1, "values": {"fai_growth": (10.0, 12.0)[i % 2]}}}


def _bare_move(at, i: int) -> None:
    at.slider(key="a").set_value((4.0, 6.0)[i % 2])


def browser_side(url: str, kind: str, presses: int, releases: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(url)
        page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
        time.sleep(2)
        figures = {"key": probes.keypresses(page, kind, presses)}
        figures |= probes.drag_rate(page, kind)
        figures |= probes.releases(page, kind, releases)
        browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=40)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--releases", type=int, default=30)  # medians of 12 swung 1.17-1.55x on this VM
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    app_ms = server_side(str(ROOT / "app.py"), _app_move, args.reruns)
    bare_ms = server_side(str(BARE_APP), _bare_move, args.reruns)
    print(f"server rerun after a lever change (scripts compiled once, as under `streamlit run`): "
          f"app {app_ms:.1f} ms, bare {bare_ms:.1f} ms, ratio {app_ms / bare_ms:.2f}x")
    if args.no_browser:
        return

    from tests.e2e.conftest import free_port, start_app, stop_app

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, script in (("app", "app.py"), ("bare", str(BARE_APP))):
            port = free_port()
            proc = start_app(port, {"HUADU_DATA_DIR": tmp}, app=script)
            try:
                results[kind] = browser_side(f"http://127.0.0.1:{port}/", kind, args.presses, args.releases)
            finally:
                stop_app(proc)
    app_r, bare_r = results["app"], results["bare"]
    print(f"browser keypress -> GDP card (page clock, median of {args.presses}): app {app_r['key']:.1f} ms, "
          f"bare {bare_r['key']:.1f} ms, ratio {app_r['key'] / bare_r['key']:.2f}x (goal <= 0.5x)")
    for kind, r in results.items():
        print(f"browser drag, {kind}: GDP card redrawn {r['drag_redraws_per_s']:.1f} times/s while the mouse moved "
              f"({r['drag_redraws']:.0f} redraws in {r['drag_s']:.2f} s, {r['pointer_moves_per_s']:.1f} pointer moves/s "
              f"delivered by Playwright); at the frame rate: {r['frame_redraws_per_s']:.1f} redraws/s "
              f"({r['frames_per_s']:.1f} frames/s)")
    print(f"browser release -> exact figures everywhere (page clock, median of {args.releases}): "
          f"app {app_r['release']:.0f} ms, bare {bare_r['release']:.0f} ms, "
          f"ratio {app_r['release'] / bare_r['release']:.2f}x (goal <= 1.5x)")
    print(f"  app, where that goes: charts and scorecard redrawn {app_r['release_chart']:.0f} ms, URL rewritten "
          f"{app_r['release_url']:.0f} ms, lever panel settled on the server's texts {app_r['release_panel']:.0f} ms")


if __name__ == "__main__":
    main()
