// node --test: the lever panel reads a typed number as the server does (model.scenario.number_from_text).
import { test } from "node:test";
import assert from "node:assert/strict";
import { numberText } from "../../huadu_components/lever_panel/panel.js";

test("digits of any script and their decimal points", () => {
  const cases = { "٠٫٠٥": "0.05", "۰٫۱": "0.1", "５": "5", "１２．５": "12.5", "७.५": "7.5", "0.05": "0.05", "-3": "-3" };
  for (const [typed, read] of Object.entries(cases)) assert.equal(numberText(typed), read, typed);
});

test("superscripts and circled numbers are not numbers", () => {
  for (const typed of ["0.1²", "①", "⑴", "⒈5"]) assert.equal(numberText(typed), "", typed);
});
