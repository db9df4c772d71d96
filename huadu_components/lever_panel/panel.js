// The lever panel (ui/simulator/lever_panel.py builds its data; docs/levers.md explains the preview).
//
// Streamlit calls the default export on mount and again whenever the data changes. The DOM is
// built once per layout (levers, cards, language) and kept, so a rerun that arrives during a
// drag never resets the slider under the finger; listeners read the latest data from `panel`.
//
// Every input event (drag, key, typing) recomputes the cards here: output = value at the point +
// sum of slope * (lever - lever at the point), formatted as Python's ui.i18n formats it. On release
// (the range's change event) or Enter/blur in the number box, the panel sets its state `commit`;
// Python writes it into the scenario and reruns, and the exact texts replace the preview.
//
// Each mount keeps its panel in one object; every listener a panel adds goes with an AbortController
// that is aborted when a new layout replaces the panel or when the page unmounts it (the cleanup
// function the default export returns, which Streamlit calls on unmount). The pure helpers (number
// formats, Python's tie rounding, the preview, the cards' texts) are named exports for node's test
// runner (tests/js/panel_helpers.test.mjs); nothing here touches `document` or `window` at import.

// ------------------------------------------------------------------ Python-compatible number formats

// f"{x:.{d}f}" as Python writes it: toFixed rounds the double's exact value as Python does, except
// at an exact tie (x * 10^d ending in .5 exactly), where Python goes to the even neighbour and
// toFixed away from zero. A double is such a tie iff x * 2^(d+1) is an odd integer (exact: a power of 2).
export function fixed(x, d) {
  const q = Math.abs(x) * 2 ** (d + 1);
  if (Number.isInteger(q) && q % 2 === 1 && Number.isSafeInteger(q * 5 ** d)) {
    const below = (q * 5 ** d - 1) / 2; // the integer just below |x| * 10^d
    const even = below % 2 === 0 ? below : below + 1;
    return (x < 0 ? "-" : "") + (even / 10 ** d).toFixed(d);
  }
  return x.toFixed(d);
}

export function group(text) {
  // "1234567.89" -> "1,234,567.89" (Python's "," option)
  const [whole, frac] = text.replace("-", "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (text.startsWith("-") ? "-" : "") + grouped + (frac !== undefined ? "." + frac : "");
}

// Python's round(x, d) + 0.0: no "-0.0"
export function noNegZero(text) {
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

export function signed(text) {
  return text.startsWith("-") ? text : "+" + text;
}

export function format(x, spec, ctx) {
  if (!Number.isFinite(x)) return "–";
  switch (spec.fmt) {
    case "pct": { // ui.i18n.pct: share -> "3.1%" (signed: "+3.1%")
      const text = noNegZero(fixed(100 * x, spec.decimals ?? 1));
      return (spec.signed ? signed(text) : text) + "%";
    }
    case "pp": // ui.i18n.pp: points -> "+0.10 pp"
      return signed(noNegZero(fixed(x, 2))) + ctx.ppSuffix;
    case "yi": // ui.i18n.yi_yuan_number: 亿元 in Chinese, billion yuan in English
      return group(fixed(ctx.lang === "zh" ? x : x / 10, 2));
    case "yi_text": // ui.i18n.yi_yuan: the number and its unit (billion yuan: one more decimal below 10)
      if (ctx.lang === "zh") return group(fixed(x, 2)) + "亿元";
      return group(fixed(x / 10, Math.abs(x) < 100 ? 3 : 2)) + " bn yuan";
    case "count": { // ui.i18n.count: whole number with separators, and the unit
      const text = group(noNegZero(fixed(x, 0))); // f"{round(x):,}": round(-0.4) is 0
      if (!spec.unit) return text;
      return ctx.lang === "zh" ? text + spec.unit : text + " " + spec.unit;
    }
    case "signed_int": // f"{x:+,.0f}" (keeps "-0", as Python does, -0.0 too)
      return (x < 0 || Object.is(x, -0) ? "-" : "+") + group(fixed(Math.abs(x), 0));
    default:
      return String(x);
  }
}

export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

// ------------------------------------------------------------------ preview

// the share Python stores for a shown value (ui.state.from_display)
export function toShare(lever, shown) {
  const v = Math.round((shown / lever.scale) * 1e9) / 1e9;
  return Math.min(Math.max(v, lever.min / lever.scale), lever.max / lever.scale);
}

// 15 significant digits: the same double as Python's when the output is the lever itself
export function snap(x) {
  return Number.isFinite(x) ? Number(x.toPrecision(15)) : x;
}

export function preview(panel) {
  const { data, values } = panel;
  const r = data.response;
  const moved = [];
  const dx = {};
  for (const lever of data.levers) {
    // unmoved: the very number the server sent, so no rounding can make it look moved
    const d = values[lever.id] === lever.value ? 0 : toShare(lever, values[lever.id]) - r.point[lever.id];
    dx[lever.id] = d;
    if (d !== 0) moved.push(lever.id);
  }
  const output = (name) => {
    let y = r.values[name];
    for (const id of moved) y += r.slopes[name][id] * dx[id];
    return moved.length ? snap(y) : r.values[name];
  };
  const exact = (name) =>
    moved.length === 0 || (moved.length === 1 ? r.affine_along[name][moved[0]] : r.affine[name]);
  return { moved, output, exact };
}

// The status words as ui/views.target_status gives them (model/outcomes.py: met, about met
// within the band of a target written 左右, not met; an input target: the setting meets it or not).
export function targetStatus(gap, target, text) {
  const met = gap >= -1e-12;
  if (target.input) return met ? text.status_input_met : text.status_input_not_met;
  if (met) return text.status_met;
  return target.band > 0 && gap >= -target.band - 1e-12 ? text.status_about_met : text.status_not_met;
}

export function cardTexts(card, p, ctx) {
  const part = (spec) => (spec.times ?? 1) * (p.output(spec.out) - (spec.minus ?? 0));
  const value = format(part(card.value_spec), card.value_spec, ctx);
  const delta = format(part(card.delta_spec), card.delta_spec, ctx) + " " + card.delta_spec.suffix;
  let caption = card.caption;
  let exact = p.exact(card.value_spec.out) && p.exact(card.delta_spec.out);
  if (card.target) {
    const t = card.target;
    const gap = p.output(t.out) - t.value;
    exact = exact && p.exact(t.out);
    caption = fill(t.template, {
      status: targetStatus(gap, t, ctx.text),
      gap: t.unit === "growth" ? format(100 * gap, { fmt: "pp" }, ctx) : format(gap, { fmt: "signed_int" }, ctx),
    });
  }
  return { value, delta, caption, exact };
}

// ------------------------------------------------------------------ drawing

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function shownValue(lever, v) {
  return fixed(v, lever.decimals) + lever.unit;
}

function helpTip(id, label, text, ctx) {
  const wrap = el("span", { class: "lp-tip" });
  const button = el("button", { type: "button", class: "lp-tip-button", "aria-label": fill(ctx.text.panel_help, { label }),
    "aria-describedby": id }, "?");
  const tip = el("span", { class: "lp-tip-text", role: "tooltip", id }, text);
  wrap.append(button, tip);
  return wrap;
}

function buildLever(panel, lever, ctx) {
  const id = `${panel.uid}-${lever.id}`;
  const box = el("div", { class: "lp-lever", "data-testid": "stSlider", "data-lever": lever.id });
  const head = el("div", { class: "lp-lever-head" });
  const title = el("div", { class: "lp-lever-title" });
  title.append(el("label", { class: "lp-label", for: `${id}-r` }, lever.label), helpTip(`${id}-h`, lever.label, lever.help, ctx));
  head.append(title);
  const range = el("input", {
    type: "range", id: `${id}-r`, class: "lp-range", min: lever.min, max: lever.max, step: lever.step,
    "aria-label": lever.label, "aria-describedby": `${id}-c ${id}-p ${id}-h`,
  });
  const numberWrap = el("div", { class: "lp-number" });
  const numberLabel = el("label", { for: `${id}-n`, class: "lp-number-label" }, ctx.text.exact_value);
  const number = el("input", {
    type: "text", inputmode: "decimal", id: `${id}-n`, class: "lp-number-input", autocomplete: "off",
    "aria-label": `${lever.label} · ${ctx.text.exact_value}`, "aria-describedby": `${id}-e ${id}-c`,
    "aria-invalid": "false", "data-testid": "lpNumber",
  });
  numberWrap.append(numberLabel, number, el("span", { class: "lp-unit", "aria-hidden": "true" }, lever.unit));
  head.append(numberWrap);
  const error = el("p", { class: "lp-error", id: `${id}-e`, role: "alert", "data-testid": "lpError" });
  const caption = el("p", { class: "lp-caption", id: `${id}-c` }, lever.caption);
  // the lever's published past (ten years to the base year), flagged by the server when the value lies outside it
  const past = el("p", { class: "lp-caption lp-past", id: `${id}-p`, "data-testid": "lpPast" }, lever.past || "");
  past.dataset.outside = String(Boolean(lever.past_outside));
  box.append(head, range, error, caption, past);

  const parts = { box, range, number, error, caption, past, dragging: false };
  const on = (target, type, listener) => target.addEventListener(type, listener, { signal: panel.listening.signal });
  on(range, "pointerdown", () => { parts.dragging = true; });
  // a press that moved nothing fires no change event: the lever is free again on release
  for (const end of ["pointerup", "pointercancel", "lostpointercapture"]) {
    on(range, end, () => { parts.dragging = false; });
  }
  on(range, "input", () => {
    moveTo(panel, lever.id, Number(range.value), "range");
  });
  on(range, "change", () => {
    parts.dragging = false;
    commit(panel, lever.id);
  });
  on(number, "input", () => {
    const v = parseTyped(panel, lever.id, number.value);
    if (v !== null) moveTo(panel, lever.id, v, "number");
  });
  const commitTyped = () => {
    const v = parseTyped(panel, lever.id, number.value);
    if (v === null) return; // the message stays; nothing is sent, nothing lost
    if (v === panel.lever(lever.id).value && !panel.dirty.has(lever.id)) return; // nothing changed
    moveTo(panel, lever.id, v, "number");
    commit(panel, lever.id);
  };
  on(number, "keydown", (e) => {
    if (e.key === "Enter") commitTyped();
    if (e.key === "Escape") { // back to the last good value
      number.value = fixed(panel.values[lever.id], panel.lever(lever.id).typed_decimals);
      showError(panel, lever.id, "");
    }
  });
  on(number, "blur", commitTyped);
  return { box, parts };
}

function buildCard(card) {
  const box = el("div", { class: "lp-card", "data-testid": "stMetric", "data-card": card.key });
  const label = el("div", { class: "lp-card-label", "data-testid": "stMetricLabel" });
  label.append(el("span", {}, card.label));
  const value = el("div", { class: "lp-card-value", "data-testid": "stMetricValue" });
  const delta = el("div", { class: "lp-card-delta", "data-testid": "stMetricDelta" });
  const caption = el("div", { class: "lp-card-caption" });
  box.append(label, value, delta, caption);
  return { box, label, value, delta, caption };
}

function build(panel, parent, data) {
  const ctx = context(data);
  const root = el("div", { class: "lp-root", lang: data.lang === "zh" ? "zh-CN" : "en" });
  const levers = el("div", { class: "lp-levers", role: "group", "aria-label": ctx.text.levers_title });
  const headline = el("div", { class: "lp-headline", role: "group", "aria-label": ctx.text.outcomes_title });
  const cards = el("div", { class: "lp-cards" });
  const note = el("p", { class: "lp-note", "aria-live": "polite", "data-testid": "lpNote" });
  panel.levers = {};
  for (const lever of data.levers) {
    const { box, parts } = buildLever(panel, lever, ctx);
    panel.levers[lever.id] = parts;
    levers.append(box);
  }
  panel.cards = {};
  for (const card of data.cards) {
    const parts = buildCard(card);
    panel.cards[card.key] = parts;
    (card.headline ? headline : cards).append(parts.box);
    parts.box.append(helpTip(`${panel.uid}-${card.key}-h`, card.label, card.help, ctx));
  }
  root.append(headline, levers, cards, note);
  parent.replaceChildren(root);
  panel.root = root;
  panel.note = note;
}

function context(data) {
  return { lang: data.lang, text: data.text, ppSuffix: data.pp_suffix };
}

function drawCards(panel) {
  const { data } = panel;
  const ctx = context(data);
  const p = preview(panel);
  const pending = p.moved.length > 0;
  let approx = false;
  for (const card of data.cards) {
    const parts = panel.cards[card.key];
    // the server's outputs at its own point (exact), or the preview, written as ui/shared/views.card_texts writes them
    const texts = cardTexts(card, p, ctx);
    setText(parts.value, texts.exact ? texts.value : "≈ " + texts.value);
    setText(parts.delta, texts.delta);
    setText(parts.caption, texts.caption);
    parts.delta.dataset.direction = texts.delta.startsWith("-") ? "down" : "up";
    parts.box.classList.toggle("lp-pending", pending);
    parts.box.classList.toggle("lp-approx", !texts.exact);
    approx = approx || !texts.exact;
  }
  setText(panel.note, pending ? (approx ? data.text.panel_approx_mark : data.text.panel_preview_note) : "");
  // the page's outcomes (huadu_components/outcomes) draw their figures from the same outputs: the server's at
  // its point, the preview while a lever moves. The last one stays on the panel's element for an outcomes
  // mount that comes later (no global).
  const detail = { pending, seq: data.seq, output: p.output, exact: p.exact, outcomes: data.outcomes,
                   explain: data.explain, ctx, format: (x, spec) => format(x, spec, ctx), fill, fixed, targetStatus };
  panel.host.huaduFigures = detail;
  document.dispatchEvent(new CustomEvent("huadu-preview", { detail }));
}

function drawLever(panel, id, from) {
  const lever = panel.lever(id);
  const parts = panel.levers[id];
  const v = panel.values[id];
  if (from !== "range") parts.range.value = String(v);
  parts.range.setAttribute("aria-valuetext", shownValue(lever, v));
  if (from !== "number") {
    parts.number.value = fixed(v, lever.typed_decimals);
    showError(panel, id, "");
  }
}

function showError(panel, id, message) {
  const parts = panel.levers[id];
  setText(parts.error, message);
  parts.error.hidden = !message;
  parts.number.setAttribute("aria-invalid", message ? "true" : "false");
  parts.box.classList.toggle("lp-invalid", !!message);
}

// the typed text as a number in range, or null with the message shown
// A digit of any script as its ASCII digit: decimal digits come in runs of ten from zero, so its value is
// how many digits stand right below it (Arabic-Indic "٣" is 3, Devanagari "७" is 7).
export function asciiDigit(ch) {
  let code = ch.codePointAt(0), value = 0;
  while (value < 9 && /\p{Nd}/u.test(String.fromCodePoint(code - 1))) { code -= 1; value += 1; }
  return String(value);
}

// What the server reads (model.scenario.number_from_text): NFKC, the decimal points of other scripts
// as ".", digits of every script; superscripts and circled numbers ("0.1²", "①") are not numbers.
export function numberText(raw) {
  for (const ch of raw) {
    if (!/\p{Nd}/u.test(ch) && /\p{Nd}/u.test(ch.normalize("NFKC"))) return "";
  }
  return raw.normalize("NFKC").replace(/[\u066b\u3002]/g, ".").replace(/\p{Nd}/gu, asciiDigit);
}

function parseTyped(panel, id, raw) {
  const lever = panel.lever(id);
  const text = numberText(raw).trim().replace(/[%％]$/, "").trim();
  const bounds = { min: fixed(lever.min, lever.typed_decimals), max: fixed(lever.max, lever.typed_decimals) };
  const number = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(number)) {
    showError(panel, id, fill(panel.data.text.panel_not_a_number, { ...bounds, value: raw.slice(0, 64) }));
    return null;
  }
  if (number < lever.min || number > lever.max) {
    showError(panel, id, fill(panel.data.text.panel_out_of_range, bounds));
    return null;
  }
  showError(panel, id, "");
  return number;
}

function moveTo(panel, id, value, from) {
  panel.values[id] = value;
  panel.dirty.add(id);
  drawLever(panel, id, from);
  drawCards(panel);
}

function commit(panel, id) {
  if (panel.listening.signal.aborted) return; // replaced or unmounted: its state is no one's now
  panel.dirty.add(id);
  panel.seq = Math.max(panel.seq, panel.data.seq) + 1;
  const values = {};
  for (const k of panel.dirty) values[k] = panel.values[k];
  panel.setStateValue("commit", { seq: panel.seq, values });
  panel.host.dataset.sent = String(panel.seq);
}

// a new render from the server: take its values, except where the user has moved since
function update(panel, data) {
  panel.data = data;
  // the commit the server's figures include and the last commit sent, read by the browser tests and
  // benchmarks from the DOM (no globals): settled when seq >= sent and no card is a preview
  panel.host.dataset.seq = String(data.seq);
  panel.host.dataset.sent = String(panel.seq);
  const settled = data.seq >= panel.seq; // the server has applied everything sent so far
  if (settled) panel.dirty.clear();
  for (const lever of data.levers) {
    const parts = panel.levers[lever.id];
    const keep = panel.dirty.has(lever.id) || parts.dragging;
    if (!keep) panel.values[lever.id] = lever.value;
    setText(parts.caption, lever.caption);
    setText(parts.past, lever.past || "");
    parts.past.dataset.outside = String(Boolean(lever.past_outside));
    // a number box being typed in keeps its text (and its message)
    const typing = document.activeElement === parts.number && (keep || parts.error.textContent);
    drawLever(panel, lever.id, typing ? "number" : undefined);
  }
  drawCards(panel);
}

// ------------------------------------------------------------------ the wire (ui/simulator/wire.py)

// One run's bytes -> {h, c (only when the server had not sent this constant part yet), v}
export function decode(bytes) {
  const text = typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes);
  return JSON.parse(text);
}

const byName = (names, values) => Object.fromEntries(names.map((n, i) => [n, values[i]]));

// The panel's data as its drawing reads it, from the constant part and one run's live part:
// [seq, levers as shown, the point (shares), outside the past (0/1), outputs at the point, the breakdown]
export function assemble(c, v) {
  const [seq, shown, point, outside, values, explain] = v;
  const ids = c.levers.map((l) => l.id);
  return {
    ...c, seq, explain,
    levers: c.levers.map((l, i) => ({ ...l, value: shown[i], past: outside[i] ? l.past_out : l.past, past_outside: !!outside[i] })),
    response: { point: byName(ids, point), values: byName(c.outputs, values), slopes: c.slopes, affine: c.affine,
                affine_along: c.affine_along },
  };
}

// Constant parts met in this page, by hash: a page keeps a few (one per language seen); a mount that
// finds none for its hash asks the server for it (the trigger `need`) and draws what it has meanwhile
const constants = new Map();
const KEEP = 4;

export function remember(store, wire) {
  if (wire.c) {
    store.delete(wire.h);
    store.set(wire.h, wire.c);
    while (store.size > KEEP) store.delete(store.keys().next().value);
  }
  return store.get(wire.h);
}

export function layoutOf(data) {
  return JSON.stringify([data.lang, data.levers.map((l) => [l.id, l.min, l.max, l.step, l.label]), data.cards.map((c) => [c.key, c.label])]);
}

let nextUid = 0; // ids unique in the page (a label's `for`), whatever the mount

// parentElement (Streamlit's container for one mount) -> { host, panel }; weak, so an
// unmounted page's panel goes with its DOM
const mounts = new WeakMap();

function newPanel(host, data, layout) {
  const panel = { uid: `lp${nextUid++}`, host, values: {}, dirty: new Set(), seq: data.seq, layout,
                  listening: new AbortController() };
  panel.lever = (id) => panel.data.levers.find((l) => l.id === id);
  panel.data = data;
  for (const lever of data.levers) panel.values[lever.id] = lever.value;
  build(panel, host, data);
  return panel;
}

export default function (component) {
  const { parentElement, setStateValue, setTriggerValue } = component;
  const wire = decode(component.data);
  const c = remember(constants, wire);
  if (!c) { // never sent to this page (or lost): ask for it; the next run brings it
    setTriggerValue("need", wire.h);
    return undefined;
  }
  const data = assemble(c, wire.v);
  // panel.html's placeholder: the style element Streamlit adds beside it must stay
  const host = parentElement.querySelector(".lp-host") || parentElement;
  let mount = mounts.get(parentElement);
  if (!mount || mount.host !== host) { // first call of this mount (or Streamlit replaced its HTML)
    mount?.panel?.listening.abort();
    mount = { host, panel: null };
    mounts.set(parentElement, mount);
  }
  const layout = layoutOf(data);
  if (!mount.panel || mount.panel.layout !== layout) {
    mount.panel?.listening.abort(); // the old levers' listeners go with their elements
    mount.panel = newPanel(host, data, layout);
  }
  const panel = mount.panel;
  panel.setStateValue = setStateValue;
  update(panel, data);
  // Streamlit keeps the latest call's cleanup and runs it on unmount, when the host has left the page;
  // a call overtaken by newer data while the module was loading has its cleanup run at once, on a
  // mount that lives on: that one keeps it
  return () => {
    if (host.isConnected || mounts.get(parentElement) !== mount) return;
    mount.panel.listening.abort();
    mounts.delete(parentElement);
  };
}
