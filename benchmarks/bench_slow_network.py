"""Phones on a slow network: the simulator through nginx beside a bare Streamlit app served directly, same run.

In real Chromium (Playwright, /usr/bin/chromium), 390 px wide, on a slow 4G line (1.6 Mbit/s down, 750 kbit/s
up, 150 ms round trip), each visit in a fresh browser context (empty cache). The line is a relay on loopback
(benchmarks/slow_link.py) that shapes HTTP and the WebSocket alike: Chromium's own emulation (DevTools'
Network.emulateNetworkConditions, --cdp) throttles HTTP only; with it the bare app's release took 67 ms, less
than the 150 ms round trip it was given.
  join link -> first GDP card: navigation start to the GDP growth card showing its figure (page clock), the
             app opened by a workshop's join link through nginx configured as docs/deploy.md says
             (scripts/proxy.py: HTTPS with HTTP/2, Streamlit's files precompressed and cached, the rest
             gzipped; --plain-proxy: plain HTTP/1.1), beside the bare app (benchmarks/bare_app.py) served
             by `streamlit run` alone over plain HTTP; goal <= 0.5x
  lever release -> exact figures: mouse-up after a short drag to every output updated with the server's
             figures (benchmarks/page_probes.py releases), same pages and line; goal <= 1.0x
  repeat visit: the same context opening the page again (cache warm), informative
The app served directly (no nginx) is measured too, so the proxy's share shows. Each case runs --runs times,
interleaved; the figures are medians over the runs (a run's release figure is the median of its releases).

    python benchmarks/bench_slow_network.py [--runs 3] [--releases 8] [--cdp]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import page_probes as probes  # noqa: E402
from benchmarks.slow_link import SlowLink  # noqa: E402
from scripts.frontend_copy import shared_copy  # noqa: E402
from scripts.proxy import Nginx, prepare_static  # noqa: E402

BARE_APP = ROOT / "benchmarks" / "bare_app.py"
DOWN_BPS, UP_BPS, RTT_MS = 1_600_000, 750_000, 150  # bits per second, round trip (Lighthouse's "slow 4G")
VIEWPORT = {"width": 390, "height": 844}
FIRST_CARD = {"app": ".lp-card[data-card='card_gdp_growth'] [data-testid='stMetricValue']",
              "bare": "[data-testid='stMetricValue']"}
GOAL_VISIT, GOAL_RELEASE = 0.5, 1.0

CARD_DRAWN = """(selector) => {
  const card = document.querySelector(selector);
  return card && card.textContent.trim() ? performance.now() : 0;
}"""


def cdp_slow_line(page) -> dict:
    """Chromium's own emulation of the line on this page (HTTP only: see the module's doc); bytes received so far."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": RTT_MS,
                                                   "downloadThroughput": DOWN_BPS / 8, "uploadThroughput": UP_BPS / 8})
    received = {"bytes": 0}
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__("bytes", received["bytes"] + e.get("encodedDataLength", 0)))
    return received


def visit(page, url: str, kind: str) -> float:
    """ms from navigation start to the first GDP card drawn with its figure (page clock)."""
    page.goto(url, wait_until="commit")
    handle = page.wait_for_function(CARD_DRAWN, arg=FIRST_CARD[kind], timeout=180_000, polling="raf")
    return float(handle.json_value())


def one_run(browser, port: int, path: str, kind: str, releases: int, cdp: bool, scheme: str = "http") -> dict:
    """One phone: a fresh context (empty cache) on its own line to 127.0.0.1:`port`."""
    with SlowLink(port, 1e12, 1e12, 0) if cdp else SlowLink(port, DOWN_BPS, UP_BPS, RTT_MS) as link:
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", ignore_https_errors=True)  # nginx's own certificate
        try:
            page = context.new_page()
            if cdp:
                cdp_slow_line(page)
            url = f"{scheme}://127.0.0.1:{link.port}{path}"
            first = visit(page, url, kind)
            first_bytes = link.bytes_down
            slider = page.locator(probes.SLIDER[kind]).first
            slider.wait_for(timeout=60_000)
            slider.scroll_into_view_if_needed()  # the join link's banner puts the levers below a phone's first screen
            time.sleep(2)  # the page's last messages, then quiet
            release = probes.releases(page, kind, releases)["release"] if releases else float("nan")
            before = link.bytes_down
            again = visit(page, url, kind)
            return {"first": first, "first_bytes": first_bytes, "release": release, "again": again,
                    "again_bytes": link.bytes_down - before}
        finally:
            context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--releases", type=int, default=8, help="releases per run")
    parser.add_argument("--cdp", action="store_true", help="Chromium's network emulation instead of the relay")
    parser.add_argument("--plain-proxy", action="store_true",
                        help="nginx on plain HTTP/1.1 instead of HTTPS with HTTP/2 (TLS ended before it)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    import store
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, stop_app

    results: dict[str, list[dict]] = {"bare": [], "app via nginx": [], "app direct": []}
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/slow.sqlite3"
        code = store.ScenarioStore(db).create_workshop().code
        store.dispose_engine(db)
        env = {"HUADU_DATA_DIR": tmp, "HUADU_DATABASE_URL": db}
        bare_port, app_port = free_port(), free_port()
        procs = [start_app(bare_port, env, app=str(BARE_APP)), start_app(app_port, env)]
        proxy = Nginx([f"127.0.0.1:{app_port}"], free_port(), prepare_static(shared_copy()),
                      tls=not args.plain_proxy)
        try:
            proxy.start()
            join = f"/?ws={code}&lang=zh"
            nginx_scheme = "http" if args.plain_proxy else "https"
            cases = {"bare": (bare_port, "/", "bare", "http"), "app via nginx": (proxy.port, join, "app", nginx_scheme),
                     "app direct": (app_port, join, "app", "http")}
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for port, path, kind, scheme in cases.values():  # a first visit each, untimed: the servers' caches filled
                    one_run(browser, port, path, kind, 0, args.cdp, scheme)
                for _ in range(args.runs):
                    for name, (port, path, kind, scheme) in cases.items():
                        results[name].append(one_run(browser, port, path, kind, args.releases, args.cdp, scheme))
                browser.close()
        finally:
            proxy.stop()
            for proc in procs:
                stop_app(proc)

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in results[name])

    line = "Chromium's emulation, HTTP only" if args.cdp else "a shaping relay, HTTP and WebSocket"
    print(f"slow 4G ({DOWN_BPS / 1e6:g} Mbit/s down, {UP_BPS / 1e3:g} kbit/s up, {RTT_MS} ms round trip; {line}), "
          f"{VIEWPORT['width']} px wide, medians of {args.runs} runs; load average {os.getloadavg()[0]:.2f}")
    bare_first = med("bare", "first")
    for name in results:
        print(f"  {name:14s} join link -> first GDP card {med(name, 'first'):7.0f} ms "
              f"({med(name, 'first_bytes') / 1e6:.2f} MB received), ratio to bare {med(name, 'first') / bare_first:.2f}x; "
              f"repeat visit {med(name, 'again'):6.0f} ms ({med(name, 'again_bytes') / 1e6:.2f} MB); "
              f"runs {', '.join(str(round(r['first'])) for r in results[name])} ms")
    ratio = med("app via nginx", "first") / bare_first
    print(f"join link -> first GDP card, app through nginx / bare app direct: {ratio:.2f}x (goal <= {GOAL_VISIT}x: "
          f"{'ok' if ratio <= GOAL_VISIT else 'MISSED'})")
    bare_release = med("bare", "release")
    for name in results:
        print(f"  {name:14s} lever release -> exact figures {med(name, 'release'):6.0f} ms, "
              f"ratio to bare {med(name, 'release') / bare_release:.2f}x")
    ratio = med("app via nginx", "release") / bare_release
    print(f"lever release -> exact figures, app through nginx / bare app direct: {ratio:.2f}x (goal <= {GOAL_RELEASE}x: "
          f"{'ok' if ratio <= GOAL_RELEASE else 'MISSED'})")


if __name__ == "__main__":
    main()
