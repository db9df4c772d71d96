"""The workshop summary as a printable leader brief (pure: no streamlit): every group's scenario of one workshop.

The same summary as the Markdown download (ui/workshop/board_summary.py), from the same pieces: the key message,
the key numbers, the table's cells, each scenario's lines, its changed settings (board_content.change_items,
assumptions flagged) and the group's note; only the markup differs. The groups' own text (names, groups, notes)
is cleaned of invisible and direction characters and HTML-escaped; the page runs no script and fetches nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ui.shared.i18n import t
from ui.takeaway.paper import clean_text, clean_title, e, page
from ui.workshop.board_content import BoardRow, change_items
from ui.workshop.board_summary import (
    closing_lines,
    key_number_items,
    scenario_lines,
    scenario_title,
    table_cells,
    table_header,
    workshop_key_message,
)
from ui.workshop.listing import BEIJING

NUMERIC_COLUMNS = (0, 3, 5)  # rank, growth, chance: right-aligned
STATUS_COLUMN = 4


def _user(text: str) -> str:
    """A group's or scenario's name on paper: cleaned (paper.clean_title) and escaped."""
    return e(clean_title(text))


def _table(rows: Sequence[BoardRow], lang: str) -> list[str]:
    head = "".join(f"<th class='num'>{e(h)}</th>" if i in NUMERIC_COLUMNS else f"<th>{e(h)}</th>"
                   for i, h in enumerate(table_header(lang)))
    body = []
    for rank, r in enumerate(rows, start=1):
        cells = []
        for i, shown in enumerate(table_cells(rank, r, lang, _user, e)):
            css = "num" if i in NUMERIC_COLUMNS else f"status {r.gdp_status.replace('_', '-')}" if i == STATUS_COLUMN else ""
            cells.append(f"<td class='{css}'>{shown}</td>" if css else f"<td>{shown}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return [f"<table><thead><tr>{head}</tr></thead><tbody>", *body, "</tbody></table>"]


def _section(rank: int, r: BoardRow, lang: str) -> str:
    items = change_items(r.changes, lang)
    changes = (f"<p class='lead'>{e(t('kit_summary_changes', lang))}</p><ul>"
               + "".join(f"<li>{e(item)}</li>" for item in items) + "</ul>") if items else \
        f"<p class='lead'>{e(t('board_no_changes', lang))}</p>"
    note = clean_text(r.note)
    note_html = (f"<p class='lead'>{e(t('kit_summary_note', lang))}</p><p class='note'>{e(note)}</p>" if note
                 else f"<p class='lead'>{e(t('kit_summary_no_note', lang))}</p>")
    lines = "".join(f"<p class='meta'>{e(line)}</p>" for line in scenario_lines(r, lang))
    return (f"<section class='group'><h3>{scenario_title(rank, r, _user)}</h3>{lines}{changes}{note_html}"
            "</section>")


def summary_brief_html(rows: Sequence[BoardRow], lang: str, code: str, target: float, now: datetime,
                       total_saves: int | None = None) -> str:
    """The workshop summary as one self-contained HTML page in `lang`; arguments as board_summary.summary_markdown."""
    heading = t("kit_summary_title", lang, code=code)
    exported = t("kit_summary_exported", lang, time=now.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"))
    if not rows:
        return page(lang, heading, [f"<p class='meta'>{e(exported)}</p>", f"<p>{e(t('board_empty', lang))}</p>"])
    saves = total_saves if total_saves is not None else sum(r.copies for r in rows)
    items = key_number_items(rows, lang, target, saves)
    # the indented items (each status's count) belong to the item above them (the target's line)
    numbers = "".join(f"</li><li>{e(text)}" if level == 0 else f"<ul><li>{e(text)}</li></ul>" for level, text in items)
    numbers = numbers.removeprefix("</li>") + "</li>"
    return page(lang, heading, [
        f"<p class='meta'>{e(exported)}</p>",
        f"<div class='key'><p class='label'>{e(t('brief_key_label', lang))}</p>",
        f"<p class='message'>{e(workshop_key_message(rows, lang, target))}</p></div>",
        f"<h2>{e(t('kit_summary_key_numbers', lang))}</h2><ul>{numbers}</ul>",
        f"<h2>{e(t('kit_summary_table', lang))}</h2>", *_table(rows, lang),
        f"<h2>{e(t('kit_summary_scenarios_heading', lang))}</h2>",
        *(_section(rank, r, lang) for rank, r in enumerate(rows, start=1)),
        "<footer>" + "".join(f"<p>{e(line)}</p>" for line in closing_lines(lang)) + "</footer>",
    ])
