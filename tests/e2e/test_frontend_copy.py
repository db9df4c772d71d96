"""The proxy's copy of Streamlit's frontend (scripts/frontend_copy.py), seen through nginx in Chromium:

- nginx serves Streamlit's files itself (not the app): Brotli-compressed for a browser that takes it, cached a
  year; the fonts are the cut ones, revalidated on each visit (their names are Streamlit's);
- every icon on every page draws as an icon, not as its name in letters (the icon font is cut to the names the
  app and Streamlit use; a name missing from the cut would show as e.g. "compare_arrows", many times wider).

Needs nginx with its Brotli module (scripts/test.sh installs both as root) and Chromium; skips locally without
them and fails under CI=true, as the other browser tests do.
"""

from __future__ import annotations

import os

import pytest

import data
from scripts.frontend_copy import ICON_FONT, shared_copy
from scripts.proxy import BROTLI_MODULE, Nginx, nginx_binary, prepare_static
from tests.conftest import in_ci
from tests.e2e.axe_audit import settle
from tests.e2e.conftest import free_port, start_app, stop_app
from tests.e2e.helpers import wait_ready

pytestmark = pytest.mark.browser
PAGES = ["", "workshop", "board", "guide", "analysis", "compare", "assumptions", "sources", "model_page", "track_record"]
TEXT = data.load().text

# Every element drawn in the icon font with text of its own: its text, the text's drawn width and the font size, once
# the fonts are in. An icon is one em wide; a name the font cannot join into an icon is one em per letter.
ICONS = """async () => {
  await document.fonts.ready;
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const texts = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
    if (!texts.length) continue;
    const style = getComputedStyle(el);
    if (!style.fontFamily.includes('Material Symbols')) continue;
    const range = document.createRange();  // the text's own extent: the icon's box is one em whatever it holds
    range.setStart(texts[0], 0);
    range.setEnd(texts[texts.length - 1], texts[texts.length - 1].length);
    const width = range.getBoundingClientRect().width;
    if (width === 0) continue;
    found.push({text: texts.map(n => n.textContent).join('').trim(), width, size: parseFloat(style.fontSize)});
  }
  return found;
}"""


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """The app behind nginx over HTTPS (Chromium asks for Brotli on HTTPS only), as docs/deploy.md configures it."""
    if nginx_binary() is None or not (BROTLI_MODULE.exists() or os.geteuid() == 0):  # root installs the module
        why = "nginx is not installed (apt-get install nginx libnginx-mod-http-brotli-static; scripts/test.sh does)"
        if in_ci():
            pytest.fail(f"the proxy tests must run in CI: {why}", pytrace=False)
        pytest.skip(why)
    folder = tmp_path_factory.mktemp("frontend_copy")
    port = free_port()
    app = start_app(port, {"HUADU_DATA_DIR": str(folder), "HUADU_DATABASE_URL": f"sqlite:///{folder}/lib.sqlite3"})
    proxy = None
    try:
        proxy = Nginx([f"127.0.0.1:{port}"], free_port(), prepare_static(shared_copy()), tls=True).start()
        yield proxy
    finally:
        if proxy is not None:
            proxy.stop()
        stop_app(app)


def test_nginx_serves_streamlits_files_itself_brotli_compressed_and_cached(browser, proxied):
    context = browser.new_context(ignore_https_errors=True, locale="zh-CN")
    try:
        page = context.new_page()
        responses = []
        page.on("response", lambda r: responses.append(r) if "/static/" in r.url else None)
        page.goto(f"{proxied.url}/?lang=zh")
        wait_ready(page)
        page.evaluate("document.fonts.ready.then(() => true)")
        scripts = [r for r in responses if r.url.endswith(".js")]
        assert len(scripts) > 20
        for response in scripts:
            headers = response.all_headers()
            if len(response.body()) > 1024:  # smaller files go as they are
                assert headers.get("content-encoding") == "br", response.url
            assert "immutable" in headers.get("cache-control", "") and "max-age=31536000" in headers["cache-control"]
        fonts = {r.url.rsplit("/", 1)[-1]: r for r in responses if r.url.endswith(".woff2")}
        icon_font = [r for name, r in fonts.items() if name.startswith(ICON_FONT)]
        assert icon_font and len(icon_font[0].body()) < 120_000, list(fonts)  # the whole font is 375 kB
        for font in fonts.values():  # the cut keeps Streamlit's name: a rebuilt cut must not wait a year in a cache
            headers = font.all_headers()
            assert headers.get("cache-control") == "no-cache" and headers.get("etag"), font.url
        served = [row for row in proxied.rows() if row.uri.startswith("/static/")]
        assert served and all(row.upstream == "-" for row in served), "a static file went to the app"
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_icon_on_every_page_draws_as_an_icon(browser, proxied, lang):
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1440, "height": 1600},
                                  locale="zh-CN" if lang == "zh" else "en-US")
    try:
        page = context.new_page()
        seen = set()
        for path in PAGES:
            page.goto(f"{proxied.url}/{path}?lang={lang}")
            settle(page)
            icons = page.evaluate(ICONS)
            assert icons, f"/{path}: no icon found (the sidebar's page icons at least)"
            spelled_out = [i["text"] for i in icons if i["width"] > 2 * i["size"]]
            assert not spelled_out, f"/{path}: icons shown as their names: {spelled_out}"
            seen.update(i["text"] for i in icons)
        assert {"tune", "groups", "leaderboard"} <= seen  # the page icons the navigation shows
    finally:
        context.close()
