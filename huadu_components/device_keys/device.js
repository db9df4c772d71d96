// What this device holds for the workshop pages, kept in the browser's local storage: its group's
// author tokens (so a reload, a second tab or an expired session keeps the group's rights), the
// facilitator keys it was given (so the key can leave the address bar) and the group's name in each
// workshop (asked once on the simulator's workshop banner). Draws nothing.
//
// Python sends what the session holds (data.authors, data.facilitator, data.groups); this merges it into what
// the browser already had and reports the union back once per change (state value "held"), which
// the server adopts on the rerun that follows. Nothing here reaches another origin or the URL.

const STORE = "huadu.device.v1";
const MAX_AUTHORS = 16;
const MAX_WORKSHOPS = 32;
const TOKEN = /^[A-Za-z0-9_-]{8,64}$/;
const CODE = /^[A-Z0-9_-]{1,32}$/;
const GROUP_MAX = 80; // store.GROUP_MAX
// a name is shown as text (never markup) but is also checked here: no control characters, no lone surrogates
const BAD_NAME = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function goodName(name) {
  return typeof name === "string" && name.trim() !== "" && name.length <= GROUP_MAX && !BAD_NAME.test(name);
}

// what the browser holds, cleaned: anything else in the slot (an old format, a hand edit) is dropped
export function cleanHeld(raw) {
  const held = { authors: [], facilitator: {}, groups: {} };
  if (!raw || typeof raw !== "object") return held;
  if (Array.isArray(raw.authors)) {
    for (const token of raw.authors) {
      if (typeof token === "string" && TOKEN.test(token) && !held.authors.includes(token)) held.authors.push(token);
    }
  }
  if (raw.facilitator && typeof raw.facilitator === "object") {
    for (const [code, key] of Object.entries(raw.facilitator)) {
      if (CODE.test(code) && typeof key === "string" && TOKEN.test(key)) held.facilitator[code] = key;
    }
  }
  if (raw.groups && typeof raw.groups === "object") {
    for (const [code, name] of Object.entries(raw.groups)) {
      if (CODE.test(code) && goodName(name)) held.groups[code] = name;
    }
  }
  held.authors = held.authors.slice(-MAX_AUTHORS);
  const codes = Object.keys(held.facilitator).slice(-MAX_WORKSHOPS);
  held.facilitator = Object.fromEntries(codes.map((c) => [c, held.facilitator[c]]));
  const named = Object.keys(held.groups).slice(-MAX_WORKSHOPS);
  held.groups = Object.fromEntries(named.map((c) => [c, held.groups[c]]));
  return held;
}

// the union of what the browser held and what the session sends (the session's facilitator keys and
// group names win; a group name the session sends as "" is forgotten: the next group is asked again)
export function merge(held, sent) {
  return cleanHeld({
    authors: [...held.authors, ...((sent && sent.authors) || [])],
    facilitator: { ...held.facilitator, ...((sent && sent.facilitator) || {}) },
    groups: { ...(held.groups || {}), ...((sent && sent.groups) || {}) },
  });
}

function read(storage) {
  try {
    return cleanHeld(JSON.parse(storage.getItem(STORE) || "{}"));
  } catch {
    return cleanHeld(null);
  }
}

let lastReport = null; // per page load: the same union is reported once

// Streamlit drops a whole query string over its limits before the server sees it: only the
// browser's own address can tell that a link held settings that were not used
export function queryDropped(search, maxFields, maxChars) {
  const query = (search || "").replace(/^[?]/, "");
  if (!query) return false;
  return query.length > maxChars || query.split("&").length > maxFields;
}

// the query of the address the page was opened with: by the time this runs, the app has already
// written its own query into the address bar (the navigation entry keeps the original)
function openedSearch() {
  try {
    const opened = performance.getEntriesByType("navigation")[0];
    return new URL(opened ? opened.name : window.location.href).search;
  } catch {
    return window.location.search;
  }
}

export default function (component) {
  const { data, setStateValue } = component;
  if (data && data.probe) {
    setStateValue("held", { dropped: queryDropped(openedSearch(), data.probe.fields, data.probe.chars) });
    return;
  }
  let storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(STORE); // a browser with storage switched off throws here
  } catch {
    storage = null;
  }
  const held = merge(storage ? read(storage) : cleanHeld(null), data);
  let kept = false;
  if (storage) {
    try {
      storage.setItem(STORE, JSON.stringify(held));
      kept = true;
    } catch {
      kept = false; // full or refused: the session still has what it had
    }
  }
  // Report only what the server does not know yet (a reload's rights, storage refused): a report is a
  // rerun, and a rerun would wipe the message of the action that just sent the session's new rights.
  const report = JSON.stringify({ ...held, kept });
  if (report !== lastReport && (!kept || !sameHeld(held, cleanHeld(data)))) {
    lastReport = report;
    setStateValue("held", { ...held, kept });
  }
}

// the same rights and names, whatever their order
export function sameHeld(a, b) {
  const authors = (x) => [...x.authors].sort().join(" ");
  const pairs = (o) => JSON.stringify(Object.keys(o || {}).sort().map((c) => [c, o[c]]));
  return authors(a) === authors(b) && pairs(a.facilitator) === pairs(b.facilitator) && pairs(a.groups) === pairs(b.groups);
}
