"""Streamlit's own words in the user's language: the file uploader's "Upload" and "1MB per file", "Press Enter to
apply" under a box, "No results" in a list, toolbar and sidebar tooltips, and the names a screen reader reads for
Streamlit's buttons ("Collapse sidebar", "Help for …", "Increment").

Streamlit has no option for any of them (1.67: no locale setting; each is a literal in its frontend), so a small
script swaps them in the page, as ui/shared/a11y.py sets the page's language: aria-label, title and placeholder
attributes that are exactly one of Streamlit's strings, and text only inside Streamlit's own parts (the box
instructions, the uploader's drop zone, tooltips, drop-down lists, the skip link), never our content. The words
are data (data/i18n_streamlit.toml: Streamlit's exact English beside our Chinese); switching back to English swaps
them back. Guarded by tests/e2e/test_words_browser.py, which scans every page in Chinese: a Streamlit release that
changes a string fails it by name. frame.start() calls install(lang) once per run.
"""

from __future__ import annotations

import json
import re

import streamlit as st

from ui.session.dataset import dataset

PREFIX = "stw_"  # the keys of data/i18n_streamlit.toml
SETUP_KEY = "streamlit_words"  # the hidden container of the script (CSS class st-key-streamlit_words)
ATTRIBUTES = ("aria-label", "title", "placeholder", "aria-roledescription")
# where a text node is Streamlit's own (never the app's content)
TEXT_SCOPES = ", ".join((
    '[data-testid="InputInstructions"]', '[data-testid="stFileUploaderDropzone"]', '[data-testid="stSkipToContent"]',
    '[data-baseweb="popover"]', '[data-baseweb="tooltip"]', '[role="tooltip"]', '[role="listbox"]',
    '[data-testid="stFileUploaderFile"]', '[data-testid="stTooltipContent"]',
))
_FIELD = re.compile(r"\{(\w+)\}")


def word_pairs(lang: str) -> list[tuple[str, str]]:
    """(what Streamlit's page says, what it should say in `lang`): English to Chinese in zh, back in en."""
    pairs = [(entry["en"], entry["zh"]) for key, entry in sorted(dataset().text.items()) if key.startswith(PREFIX)]
    return pairs if lang == "zh" else [(zh, en) for en, zh in pairs]


def rule(source: str, target: str) -> list[str]:
    """[pattern, replacement]: `source` with its {fields} as an anchored regular expression (JavaScript syntax, one
    group per field), `target` with each {field} as {n}, the number of its group. No "<" anywhere: Streamlit's
    sanitiser (DOMPurify) drops a script whose text holds "<" and a letter, so no named groups."""
    parts = _FIELD.split(source)
    fields = parts[1::2]
    regex = "^" + "".join(re.escape(p) if i % 2 == 0 else "(.+?)" for i, p in enumerate(parts)) + "$"
    return [regex, _FIELD.sub(lambda m: "{" + str(fields.index(m.group(1)) + 1) + "}", target)]


def rules(lang: str) -> list[list[str]]:
    """[pattern, replacement] for the script: fixed strings first, then those with a field."""
    return [rule(a, b) for a, b in sorted(word_pairs(lang), key=lambda ab: "{" in ab[0])]


# the container is hidden, and so is the layout wrapper Streamlit puts around it: a flex item of the page, it would
# add the page's 1rem gap above everything below it (the presenter view's chart would no longer fit the first
# screen: tests/e2e/test_board_presenter_browser.py notices)
_CSS = '.st-key-%(key)s, [data-testid="stLayoutWrapper"]:has(> .st-key-%(key)s) { display: none; }'

# Runs in the app's own document (st.html is not iframed). The rules change with the language (the script's text
# changes, so Streamlit runs it again); the observer is set up once and reads the current rules.
_SCRIPT = """
(() => {
  window.__stWords = %(rules)s.map(([p, r]) => [new RegExp(p), r]);
  const ATTRS = %(attrs)s, SCOPES = %(scopes)s;
  const swap = (s) => {
    const k = (s || '').trim();
    if (!k) return null;
    for (const [re, r] of window.__stWords) {
      const m = k.match(re);
      if (m) return r.replace(/\\{(\\d+)\\}/g, (_, i) => m[Number(i)] || '');
    }
    return null;
  };
  const mark = () => {
    for (const el of document.querySelectorAll(ATTRS.map((a) => '[' + a + ']').join(','))) {
      for (const a of ATTRS) {
        const to = el.hasAttribute(a) && swap(el.getAttribute(a));
        if (to) el.setAttribute(a, to);
      }
    }
    for (const scope of document.querySelectorAll(SCOPES)) {
      const walk = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walk.nextNode())) {
        const to = swap(node.nodeValue);
        if (to) node.nodeValue = node.nodeValue.replace(node.nodeValue.trim(), to);
      }
    }
  };
  if (!window.__stWordsObserver) {
    let queued = false;
    window.__stWordsObserver = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; mark(); });
    });
    window.__stWordsObserver.observe(document.body, {childList: true, subtree: true, characterData: true,
                                                     attributes: true, attributeFilter: ATTRS});
  }
  mark();
})();
"""


def install(lang: str) -> None:
    """Put the words of `lang` in place of Streamlit's (draws nothing)."""
    script = _SCRIPT % {"rules": json.dumps(rules(lang), ensure_ascii=False), "attrs": json.dumps(list(ATTRIBUTES)),
                        "scopes": json.dumps(TEXT_SCOPES)}
    with st.container(key=SETUP_KEY):
        st.html("<style>" + _CSS % {"key": SETUP_KEY} + "</style><script>" + script + "</script>",
                unsafe_allow_javascript=True)
