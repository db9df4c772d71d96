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

const SVG = "http://www.w3.org/2000/svg";
const HEIGHT = 300;
const MARGIN = { top: 12, right: 12, bottom: 30, left: 58 };

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// ------------------------------------------------------------------ scales

// about `count` round steps (1, 2 or 5 x 10^k) covering [lo, hi]
export function niceTicks(lo, hi, count) {
  if (lo === hi) { lo -= 1; hi += 1; }
  const raw = (hi - lo) / count;
  let step = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / step;
  step *= ratio >= 7.5 ? 10 : ratio >= 3.5 ? 5 : ratio >= 1.5 ? 2 : 1;
  const first = Math.floor(lo / step + 1e-9), last = Math.ceil(hi / step - 1e-9);
  const ticks = [];
  for (let i = first; i <= last; i++) ticks.push(i * step);
  return { ticks, decimals: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
}

export function tickText(v, decimals) {
  const text = Math.abs(v) < 1e-12 ? (0).toFixed(decimals) : v.toFixed(decimals);
  const [whole, frac] = text.replace("-", "").split(".");
  return (text.startsWith("-") ? "−" : "") + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? "." + frac : "");
}

// ------------------------------------------------------------------ charts

// a category's label in lines that fit `width` px (11px text: ~6.2 px a Latin character, 11 px a
// Chinese one); breaks at spaces and after "/" where there are any, else (Chinese) between
// characters; a single English word longer than the width stays whole
export function wrap(label, width) {
  const size = (text) => [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e7f ? 11 : 6.2), 0);
  const cjk = /[\u2e80-\uffff]/.test(label);
  const words = cjk && !/[ /]/.test(label) ? [...label] : label.split(/(?<=[ /])/);
  const lines = [];
  let line = "";
  for (const word of words) {
    // a closing bracket or stop never starts a line
    if (line && size(line + word) > width && !/^[）)，。、]/.test(word)) { lines.push(line.trim()); line = ""; }
    line += word;
  }
  if (line.trim()) lines.push(line.trim());
  return lines;
}

// the value axis: round steps over every finite value (and zero, for bars), a margin for lines
export function yTicks(chart) {
  const values = chart.series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite);
  if (chart.zero) values.push(0);
  let lo = values.length ? Math.min(...values) : 0, hi = values.length ? Math.max(...values) : 1;
  if (!chart.zero) { const pad = (hi - lo) * 0.05 || 1; lo -= pad; hi += pad; }
  return niceTicks(lo, hi, 5);
}

export function linePath(points, xAt, y) {
  return points.map((p, i) => `${i ? "L" : "M"}${xAt[p.x].toFixed(1)},${y(p.y).toFixed(1)}`).join("");
}

function drawChart(figure, chart, width) {
  const old = figure.querySelector("svg");
  const svg = svgEl("svg", { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: "img",
                              "aria-label": chart.summary, class: "oc-svg" });
  const plotW = Math.max(width - MARGIN.left - MARGIN.right, 40);
  const band = plotW / chart.categories.length;
  const labels = chart.categories.map((c) => wrap(c, band - 6));
  const bottom = MARGIN.bottom + 13 * (Math.max(...labels.map((l) => l.length)) - 1);
  const plotH = HEIGHT - MARGIN.top - bottom;
  const { ticks, decimals } = yTicks(chart);
  const y0 = ticks[0], y1 = ticks[ticks.length - 1];
  const y = (v) => MARGIN.top + plotH * (1 - (v - y0) / (y1 - y0 || 1));
  const xAt = Object.fromEntries(chart.categories.map((c, i) => [c, MARGIN.left + band * (i + 0.5)]));

  const axes = svgEl("g", { class: "oc-axes" });
  for (const v of ticks) {
    axes.append(svgEl("line", { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: y(v), y2: y(v), class: "oc-grid" }));
    axes.append(svgEl("text", { x: MARGIN.left - 6, y: y(v), "text-anchor": "end", "dominant-baseline": "middle" },
                      tickText(v, decimals)));
  }
  chart.categories.forEach((c, i) => {
    const text = svgEl("text", { x: xAt[c], y: MARGIN.top + plotH + 18, "text-anchor": "middle" });
    labels[i].forEach((line, k) => text.append(svgEl("tspan", { x: xAt[c], dy: k ? 13 : 0 }, line)));
    axes.append(text);
  });
  axes.append(svgEl("text", { class: "oc-axis-title", transform: `translate(12 ${MARGIN.top + plotH / 2}) rotate(-90)`,
                               "text-anchor": "middle" }, chart.y_title));
  svg.append(axes);

  const marks = svgEl("g", { class: "oc-marks" });
  if (chart.kind === "line") {
    for (const s of chart.series) {
      const points = s.points.filter((p) => Number.isFinite(p.y)); // a figure the model could not give is left out
      marks.append(svgEl("path", { d: linePath(points, xAt, y), fill: "none", stroke: s.colour, "stroke-width": 2.5,
                                   "stroke-dasharray": s.dash ? "6 4" : "none", "data-series": s.key }));
      for (const p of points) {
        const dot = svgEl("circle", { cx: xAt[p.x], cy: y(p.y), r: 3.5, fill: s.colour, "data-series": s.key,
                                      "data-x": p.x, "data-y": p.y });
        dot.append(svgEl("title", {}, p.tip));
        marks.append(dot);
      }
    }
  } else { // grouped bars: a band per category, a bar per series inside it
    const inner = (band * 0.8) / chart.series.length;
    chart.series.forEach((s, k) => {
      for (const p of s.points.filter((q) => Number.isFinite(q.y))) {
        const x = xAt[p.x] - band * 0.4 + inner * k, top = Math.min(y(p.y), y(0));
        const bar = svgEl("rect", { x: x + 1, y: top, width: Math.max(inner - 2, 1), height: Math.max(Math.abs(y(p.y) - y(0)), 0.5),
                                    fill: s.colour, "data-series": s.key, "data-x": p.x, "data-y": p.y });
        bar.append(svgEl("title", {}, p.tip));
        marks.append(bar);
      }
    });
    marks.append(svgEl("line", { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: y(0), y2: y(0), class: "oc-zero" }));
  }
  svg.append(marks);
  if (old) old.replaceWith(svg); else figure.querySelector(".oc-plot").append(svg);
  // what moving the marks in place needs (every input event of a drag comes to moveMarks, on a phone too)
  const shapes = new Map([...marks.querySelectorAll("[data-x]")].map((m) => [`${m.dataset.series}|${m.dataset.x}`, m]));
  figure.__drawn = { ticks: ticks.join(), width, xAt, y, shapes, chart };
}

// The same chart with other figures: the marks move in place while the value axis stays the same (the
// usual case of a drag: no new SVG, no layout of its text), else the whole chart is drawn again
function moveMarks(figure, chart, width) {
  const drawn = figure.__drawn;
  if (!drawn || drawn.width !== width || drawn.ticks !== yTicks(chart).ticks.join()
      || drawn.chart.categories !== chart.categories) {
    drawChart(figure, chart, width);
    return;
  }
  const { xAt, y, shapes } = drawn;
  for (const s of chart.series) {
    const points = s.points.filter((q) => Number.isFinite(q.y));
    if (chart.kind === "line") {
      figure.querySelector(`path[data-series='${s.key}']`)?.setAttribute("d", linePath(points, xAt, y));
    }
    for (const q of points) {
      const shape = shapes.get(`${s.key}|${q.x}`);
      if (!shape || shape.dataset.y === String(q.y)) continue;
      shape.setAttribute("data-y", q.y);
      if (chart.kind === "line") shape.setAttribute("cy", y(q.y));
      else {
        shape.setAttribute("y", Math.min(y(q.y), y(0)));
        shape.setAttribute("height", Math.max(Math.abs(y(q.y) - y(0)), 0.5));
      }
      shape.querySelector("title").textContent = q.tip;
    }
  }
  drawn.chart = chart;
}

function legend(chart) {
  const list = el("ul", { class: "oc-legend", "aria-hidden": "true" }); // the summary and table say it in words
  for (const s of chart.series) {
    const item = el("li");
    const swatch = el("span", { class: `oc-swatch ${chart.kind === "line" ? "oc-swatch-line" : ""} ${s.dash ? "oc-swatch-dash" : ""}` });
    swatch.style.setProperty("--oc-colour", s.colour);
    item.append(swatch, document.createTextNode(s.name));
    list.append(item);
  }
  return list;
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

function figure(chart) {
  const fig = el("figure", { class: "oc-chart", "data-chart": chart.id });
  fig.append(el("figcaption", { class: "oc-title" }, chart.title), el("div", { class: "oc-plot" }), legend(chart));
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

export function liveLine(chart, output, h) {
  const L = chart.live;
  const gdp = Number(h.fixed(output(L.output), 2)); // ui.shared.charts.gdp_path_rows: round(value, 2)
  const text = h.format(gdp, { fmt: "yi_text" });
  const y = Number(h.fixed(gdp * L.scale, 3));
  const series = chart.series.map((s) => (s.key !== L.series ? s : {
    ...s, points: s.points.map((p) => (p.x === L.x ? { ...p, y, tip: h.fill(p.tip, { v: text }) } : p)) }));
  const rows = chart.table.rows.map((r, i) => (i === L.row ? r.map((cell) => h.fill(cell, { v: text })) : r));
  const change = h.format(gdp / L.from - 1, { fmt: "pct", signed: true });
  return { ...chart, series, summary: h.fill(chart.summary, { scenario: text, change }), table: { ...chart.table, rows } };
}

export function liveBars(chart, output, h) {
  const L = chart.live;
  const pulls = L.outputs.map((name) => Number(h.fixed(output(name), 3))); // contribution_rows: round(v, 3)
  const texts = pulls.map((v) => h.format(v, { fmt: "pp" }));
  const series = chart.series.map((s) => (s.key !== L.series ? s : {
    ...s, points: s.points.map((p, i) => ({ ...p, y: pulls[i], tip: h.fill(p.tip, { v: texts[i] }) })) }));
  const live = chart.table.columns.indexOf(L.series);
  const rows = chart.table.rows.map((r, i) => r.map((cell, j) => (j === live ? h.fill(cell, { v: texts[i] }) : cell)));
  const holes = Object.fromEntries(texts.map((text, i) => [`p${i}`, text]));
  return { ...chart, series, summary: h.fill(chart.summary, holes), table: { ...chart.table, rows } };
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
    charts: oc.charts.map((c) => (c.kind === "line" ? liveLine : liveBars)(c, detail.output, detail)),
    scorecard: liveScorecard(oc.scorecard, detail.output, detail, detail.pending ? detail.exact : undefined),
    explain: oc.explain,
  };
}

// ------------------------------------------------------------------ the block

// what decides the block's structure: a move changes figures only, so the DOM built for this
// layout is kept and its texts and graphics updated in place (no page reflow from a rebuild)
export function layoutOf(view) {
  const t = (spec) => [spec.caption, spec.columns, spec.rows.length, spec.rows.map((r) => r[0])];
  return JSON.stringify([view.lang, view.charts.map((c) => [c.id, c.kind, c.title, c.categories, c.note,
    c.series.map((s) => [s.key, s.name, s.colour]), t(c.table)]), view.scorecard.title, view.scorecard.notes,
    t(view.scorecard), view.explain]);
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
  for (const fig of grid.children) {
    const plot = fig.querySelector(".oc-plot");
    mount.widths.set(plot, Math.floor(plot.clientWidth) || 320); // read once per layout: it forces a layout
    mount.observer.observe(plot);
  }
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
  view.charts.forEach((chart, i) => {
    const fig = figures[i];
    fig.classList.toggle("oc-preview", detail.pending);
    moveMarks(fig, chart, mount.widths.get(fig.querySelector(".oc-plot")) || 320);
    fig.querySelector("svg").setAttribute("aria-label", chart.summary);
    fillTable(fig.querySelector("table"), chart.table);
  });
  host.querySelector(".oc-table-scroll").classList.toggle("oc-preview", detail.pending);
  fillTable(host.querySelector(".oc-table"), view.scorecard);
  drawExplain(mount, view.explain, detail.explain);
  mount.draws += 1;
  // which commit the figures drawn include (the server's), whether they are a preview, how many times this
  // mount has drawn them: read by the browser tests and benchmarks from the DOM (no globals)
  host.dataset.seq = String(detail.seq);
  host.dataset.preview = String(detail.pending);
  host.dataset.draws = String(mount.draws);
}

// ------------------------------------------------------------------ mounts

// parentElement (Streamlit's container for one mount) -> that mount's state; weak, so an unmounted
// page's state goes with its DOM
const mounts = new WeakMap();

// A mount's listener and observer, added once and released together by close()
function open(host) {
  const mount = { host, view: null, layout: null, widths: new WeakMap(), draws: 0 };
  const listening = new AbortController();
  document.addEventListener("huadu-preview", (e) => draw(mount, e.detail), { signal: listening.signal });
  mount.observer = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const plot = entry.target, width = Math.floor(entry.contentRect.width);
      if (!width || mount.widths.get(plot) === width) continue;
      mount.widths.set(plot, width);
      const fig = plot.closest(".oc-chart");
      const chart = mount.view?.charts.find((c) => c.id === fig.dataset.chart);
      if (chart) drawChart(fig, chart, width);
    }
  });
  mount.close = () => {
    listening.abort();
    mount.observer.disconnect();
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
