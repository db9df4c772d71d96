// The simulator's outcomes (ui/simulator/outcomes.py builds the data): two charts and the targets scorecard.
//
// Python computes every figure and every text; this only places them. Streamlit calls the default
// export on mount and whenever the data changes (after each lever commit). The block's structure
// is built once per layout (language, categories, series, rows); a commit redraws the two small
// SVGs and changes the table cells whose text changed. Each chart is redrawn again when its width
// changes (ResizeObserver), so it fills its column at any width.
//
// Each mount (the simulator page drawn; leaving the page unmounts it) keeps its state in one
// object: its preview listener on `document` and its ResizeObserver are released by the cleanup
// function the default export returns, which Streamlit calls on unmount. The pure helpers (scales,
// tick texts, label wrapping, layout key) are named exports for node's test runner
// (tests/js/outcomes_helpers.test.mjs); nothing here touches `document` or `window` at import.

// The simulator's outcomes (ui/simulator/outcomes.py builds the data): two charts and the targets scorecard.
//
// Python computes every figure and every text; this only places them. The charts are the brief's own
// Vega-Lite specs (ui/shared/charts.py gdp_chart, contributions_chart: one definition for screen and
// paper), compiled to Vega by Python and drawn here by Vega (vendor/vega.min.js, the build vl-convert
// renders the brief with); each figure is a Vega view made once per layout, and every draw (a commit,
// or the lever panel's preview while a lever moves) gives it new rows through Vega's view API
// (view.data + runAsync). The block's structure is built once per layout (language, texts, rows);
// a draw changes the table cells whose text changed. Each view takes its column's width
// (ResizeObserver), so it fills its column at any width.
//
// Each mount (the simulator page drawn; leaving the page unmounts it) keeps its state in one
// object: its preview listener on `document`, its ResizeObserver and its Vega views (their own
// listeners) are released by the cleanup function the default export returns, which Streamlit
// calls on unmount. The pure helpers (the live rows and texts, layout key) are named exports for
// node's test runner (tests/js/outcomes_helpers.test.mjs); nothing here touches `document` or
// `window` at import (Vega's bundle only defines `vega`).
import "./vendor/vega.min.js";

const vega = () => globalThis.vega; // the UMD bundle, loaded as a module, defines the global `vega`

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// ------------------------------------------------------------------ charts: Vega views

// A figure's view: drawn from its compiled spec into its plot, its rows given on each draw. Draws that
// come while Vega is still rendering the last one are folded into one: the latest rows win.
function openView(plot, chart, width) {
  const V = vega();
  const label = plot.getAttribute("aria-label");
  const view = new V.View(V.parse(chart.vega), { renderer: "svg", container: plot, hover: true });
  // Vega names its container a "graphics-document": here it stays one image named by the chart's summary
  plot.removeAttribute("aria-roledescription");
  plot.setAttribute("role", "img");
  plot.setAttribute("aria-label", label);
  // and its marks are not read one by one (their numbers are in the table): some of Vega's marks keep
  // ARIA roles (a line's container) that config.aria = false leaves on
  plot.querySelector("svg")?.setAttribute("aria-hidden", "true");
  view.width(width);
  return { view, rows: null, running: null };
}

function show(shown, rows) {
  shown.rows = rows;
  shown.running ??= (async () => {
    while (shown.rows) {
      const next = shown.rows;
      shown.rows = null;
      shown.view.data("rows", next);
      await shown.view.runAsync();
    }
    shown.running = null;
  })();
  return shown.running;
}

// a chart's numbers for screen readers (ui/a11y.py chart_alt does the same for Streamlit's charts)
function table(spec, className) {
  const t = el("table", { class: className });
  t.append(el("caption", {}, spec.caption));
  const head = el("tr");
  for (const c of spec.columns) head.append(el("th", { scope: "col" }, c));
  const thead = el("thead");
  thead.append(head);
  t.append(thead);
  const body = el("tbody");
  for (const row of spec.rows) {
    const tr = el("tr");
    row.forEach((cell, i) => tr.append(i === 0 ? el("th", { scope: "row" }, cell) : el("td", {}, cell)));
    body.append(tr);
  }
  t.append(body);
  return t;
}

// a chart: its caption, its view (one image named by its summary: the marks inside carry no ARIA), its numbers
function figure(chart) {
  const fig = el("figure", { class: "oc-chart", "data-chart": chart.id });
  fig.append(el("figcaption", { class: "oc-title" }, chart.title),
             el("div", { class: "oc-plot", role: "img", "aria-label": chart.summary }));
  const words = el("div", { class: "oc-sr-only" });
  words.append(table(chart.table, ""));
  fig.append(words);
  if (chart.note) fig.append(el("p", { class: "oc-note" }, chart.note));
  return fig;
}

// ------------------------------------------------------------------ figures from the panel's outputs

// The lever panel's data carries the outcomes' constant part (ui/simulator/outcomes.py outcomes_const: the
// charts, the scorecard and the breakdown with their words, "{...}" where a figure goes) and the outputs
// (its event's `output(name)`: the server's figures at its point, or the preview while a lever moves).
// These write the figures as Python's builders do (ui/shared/charts.py rounds, ui/shared/i18n.py formats:
// the panel's `format` is the one its cards use, tested against Python's).

// the chart's rows as ui.shared.charts builds them for the brief, with the live figures put in
export function liveLine(chart, output, h) {
  const L = chart.live;
  const gdp = Number(h.fixed(output(L.output), 2)); // ui.shared.charts.gdp_path_rows: round(value, 2)
  const text = h.format(gdp, { fmt: "yi_text" });
  const rows = chart.rows.map((r, i) => (i === L.row ? { ...r, gdp } : { ...r })); // Vega marks the objects it gets
  const cells = chart.table.rows.map((r, i) => (i === L.table_row ? r.map((cell) => h.fill(cell, { v: text })) : r));
  const change = h.format(gdp / L.from - 1, { fmt: "pct", signed: true });
  return { ...chart, rows, summary: h.fill(chart.summary, { scenario: text, change }), table: { ...chart.table, rows: cells } };
}

export function liveBars(chart, output, h) {
  const L = chart.live;
  const pulls = L.outputs.map((name) => Number(h.fixed(output(name), 3))); // contribution_rows: round(v, 3)
  const texts = pulls.map((v) => h.format(v, { fmt: "pp" }));
  const at = new Map(L.rows.map((row, i) => [row, i]));
  const rows = chart.rows.map((r, i) => (at.has(i) ? { ...r, pp: pulls[at.get(i)] } : { ...r }));
  const cells = chart.table.rows.map((r, i) => r.map((cell, j) => (j === L.column ? h.fill(cell, { v: texts[i] }) : cell)));
  const holes = Object.fromEntries(texts.map((text, i) => [`p${i}`, text]));
  return { ...chart, rows, summary: h.fill(chart.summary, holes), table: { ...chart.table, rows: cells } };
}

// a projected target's cells (projected, gap, status) as ui.shared.views.scorecard_rows writes them
export function liveScorecard(card, output, h, exact = () => true) {
  const [projected, gap, status] = card.live_columns;
  const rows = card.rows.map((row, i) => {
    const L = card.live[i];
    if (!L) return row;
    const v = output(L.out), diff = v - L.value;
    const cells = [...row];
    cells[projected] = (exact(L.out) ? "" : "≈ ") + h.format((L.projected.times ?? 1) * v, L.projected);
    cells[gap] = h.format((L.gap.times ?? 1) * diff, L.gap);
    cells[status] = h.targetStatus(diff, L, h.ctx.text);
    return cells;
  });
  return { ...card, rows };
}

export function materialise(detail) {
  const oc = detail.outcomes;
  return {
    lang: detail.ctx.lang,
    charts: oc.charts.map((c) => (c.id === "gdp" ? liveLine : liveBars)(c, detail.output, detail)),
    scorecard: liveScorecard(oc.scorecard, detail.output, detail, detail.pending ? detail.exact : undefined),
    explain: oc.explain,
  };
}

// ------------------------------------------------------------------ the block

// what decides the block's structure: a move changes figures only, so the DOM built for this
// layout is kept and its texts and graphics updated in place (no page reflow from a rebuild)
export function layoutOf(view) {
  const t = (spec) => [spec.caption, spec.columns, spec.rows.length, spec.rows.map((r) => r[0])];
  return JSON.stringify([view.lang, view.charts.map((c) => [c.id, c.title, c.note, c.vega, t(c.table)]),
    view.scorecard.title, view.scorecard.notes, t(view.scorecard), view.explain]);
}

function build(mount, view) {
  const { host } = mount;
  const root = el("div", { class: "oc-root", lang: view.lang === "zh" ? "zh-CN" : "en" });
  const grid = el("div", { class: "oc-charts" });
  for (const chart of view.charts) grid.append(figure(chart));
  root.append(grid);

  const card = view.scorecard;
  root.append(el("h2", { class: "oc-h2" }, card.title));
  const scroller = el("div", { class: "oc-table-scroll", role: "region", "aria-label": card.title, tabindex: "0" });
  const t = table(card, "oc-table");
  t.querySelector("caption").classList.add("oc-sr-only");
  scroller.append(t);
  root.append(scroller);
  for (const note of card.notes) root.append(el("p", { class: "oc-note" }, note));

  // the change from the default, by setting (ui/simulator/explain.py): its rows come with each commit
  const words = view.explain;
  const explain = el("section", { class: "oc-explain", "aria-label": words.title, "data-testid": "ocExplain" });
  explain.append(el("h2", { class: "oc-h2" }, words.title), el("div", { class: "oc-explain-live" }),
                 el("p", { class: "oc-note" }, words.default));
  root.append(explain);

  host.replaceChildren(root);
  mount.explained = null;
  mount.observer.disconnect();
  closeViews(mount);
  view.charts.forEach((chart, i) => {
    const fig = grid.children[i], plot = fig.querySelector(".oc-plot");
    const width = Math.floor(plot.clientWidth) || 320; // read once per layout: it forces a layout
    mount.widths.set(plot, width);
    const shown = openView(plot, chart, width);
    mount.views.set(fig, shown);
    fig.huaduView = shown.view; // read by the browser tests and benchmarks (what Vega drew), not a global
    mount.observer.observe(plot);
  });
}

function closeViews(mount) {
  for (const shown of mount.views.values()) {
    shown.view.finalize(); // the listeners and timers the view added
    // its SVG renderer's own three (links, tooltips) on its <svg>, which finalize() leaves: its handler
    // drops them when it is pointed at no element (vega-scenegraph SVGHandler.initialize)
    shown.view._handler?.initialize(null);
  }
  mount.views.clear();
}

function fillTable(tableEl, spec) {
  const rows = tableEl.tBodies[0].rows;
  spec.rows.forEach((row, i) => row.forEach((cell, j) => {
    const c = rows[i].cells[j];
    if (c.textContent !== cell) c.textContent = cell;
  }));
}

// the breakdown: [] (nothing changed) or [its total, the method, rows of (setting, change, pp)]
function drawExplain(mount, words, live) {
  const key = JSON.stringify(live);
  if (mount.explained === key) return;
  mount.explained = key;
  const box = mount.host.querySelector(".oc-explain-live");
  if (!live || !live.length) {
    box.replaceChildren(el("p", { class: "oc-note" }, words.none));
    return;
  }
  const [total, method, rows] = live;
  box.replaceChildren(el("p", { class: "oc-note" }, total),
                      table({ caption: words.title, columns: words.columns, rows }, "oc-explain-table"),
                      el("p", { class: "oc-note" }, words.methods[method] || ""));
  box.querySelector("caption").classList.add("oc-sr-only");
}

function draw(mount, detail) {
  const view = materialise(detail);
  mount.view = view;
  const layout = layoutOf(view);
  if (mount.layout !== layout || !mount.host.querySelector(".oc-root")) {
    build(mount, view);
    mount.layout = layout;
  }
  const { host } = mount;
  const figures = host.querySelectorAll(".oc-chart");
  const drawn = view.charts.map((chart, i) => {
    const fig = figures[i];
    fig.classList.toggle("oc-preview", detail.pending);
    fig.querySelector(".oc-plot").setAttribute("aria-label", chart.summary);
    fillTable(fig.querySelector("table"), chart.table);
    return show(mount.views.get(fig), chart.rows);
  });
  host.querySelector(".oc-table-scroll").classList.toggle("oc-preview", detail.pending);
  fillTable(host.querySelector(".oc-table"), view.scorecard);
  drawExplain(mount, view.explain, detail.explain);
  mount.draws += 1;
  const draws = mount.draws;
  // which commit the figures drawn include (the server's), whether they are a preview, how many times this
  // mount has drawn them: read by the browser tests and benchmarks from the DOM (no globals), once Vega has
  // drawn them (unless a later draw came meanwhile: that one says it)
  Promise.all(drawn).then(() => {
    if (mount.draws !== draws) return;
    host.dataset.seq = String(detail.seq);
    host.dataset.preview = String(detail.pending);
    host.dataset.draws = String(draws);
  });
}

// ------------------------------------------------------------------ mounts

// parentElement (Streamlit's container for one mount) -> that mount's state; weak, so an unmounted
// page's state goes with its DOM
const mounts = new WeakMap();

// A mount's listener and observer, added once and released together by close()
function open(host) {
  const mount = { host, view: null, layout: null, widths: new WeakMap(), views: new Map(), draws: 0 };
  const listening = new AbortController();
  document.addEventListener("huadu-preview", (e) => draw(mount, e.detail), { signal: listening.signal });
  mount.observer = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const plot = entry.target, width = Math.floor(entry.contentRect.width);
      if (!width || mount.widths.get(plot) === width) continue;
      mount.widths.set(plot, width);
      const shown = mount.views.get(plot.closest(".oc-chart"));
      if (shown) shown.view.width(width).runAsync(); // Vega queues it behind a draw in flight
    }
  });
  mount.close = () => {
    listening.abort();
    mount.observer.disconnect();
    closeViews(mount);
  };
  return mount;
}

export default function (component) {
  const { parentElement } = component;
  const host = parentElement.querySelector(".oc-host") || parentElement;
  let mount = mounts.get(parentElement);
  if (!mount || mount.host !== host) { // first call of this mount (or Streamlit replaced its HTML)
    mount?.close();
    mount = open(host);
    mounts.set(parentElement, mount);
    // the panel drew before this mount listened: its last figures wait on its element
    const last = document.querySelector(".lp-host")?.huaduFigures;
    if (last) draw(mount, last);
  }
  // Streamlit keeps the latest call's cleanup and runs it on unmount, when the host has left the page;
  // a call overtaken by newer data while the module was loading has its cleanup run at once, on a
  // mount that lives on: that one keeps it
  return () => {
    if (host.isConnected || mounts.get(parentElement) !== mount) return;
    mount.close();
    mounts.delete(parentElement);
  };
}
