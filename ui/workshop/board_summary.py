"""The workshop summary: every group's scenario of one workshop in one Markdown file a facilitator can paste
into a report (pure: no streamlit).

It is the board's own content (ui/workshop/board_content.py: the same rows, statuses, chances and changed
settings), written as text that reads well both raw (pasted into a word processor) and rendered as Markdown:
the workshop's key message and numbers, a short table of every scenario, then one section per scenario with the
settings that differ from the default and the group's note. The pieces below the escapes (key message, key
numbers, table cells, each scenario's lines) are the summary's words once: the printable form of the same
summary (ui/workshop/summary_brief.py) writes them as HTML.

The groups' own text (names, groups, notes) is guarded twice: exports.spreadsheet_safe (a cell pasted into a
spreadsheet never runs as a formula) and a Markdown escape (a name never turns into a link, an image, HTML or
emphasis where the file is rendered).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime

from ui.shared.i18n import pct, t
from ui.takeaway.brief import target_text
from ui.takeaway.exports import spreadsheet_safe
from ui.workshop.board_content import (
    BOARD_DRAWS,
    BoardRow,
    board_median,
    change_items,
    status_counts,
    status_words,
)
from ui.workshop.listing import BEIJING, beijing_time

# characters Markdown (CommonMark, GitHub's tables) gives a meaning anywhere in a line
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!&$])")
_ORDERED_ITEM = re.compile(r"^(\d+)([.)])")  # "1. " at a line's start would open a numbered list


def markdown_text(text: str) -> str:
    """User text as literal Markdown on one line: guarded against spreadsheets, specials escaped, line breaks
    as " / " (a table cell or a list item holds one line)."""
    lines = [line.strip() for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    one_line = " / ".join(line for line in lines if line)
    return _escape(spreadsheet_safe(one_line))


def _escape(text: str) -> str:
    return _ORDERED_ITEM.sub(r"\1\\\2", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _note_lines(note: str) -> list[str]:
    """A group's note as a Markdown block quote, its own line breaks kept; each line guarded and escaped."""
    lines = [line.strip() for line in note.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return ["> " + _escape(spreadsheet_safe(line)) if line else ">" for line in lines]


def _table_cell(text: str) -> str:
    return text.replace("|", "\\|")  # our own words in a table (numbers, status) hold no other Markdown


# ------------------------------------------------------------------ the summary's pieces (both forms)

UserText = Callable[[str], str]  # how a form writes the groups' own text (Markdown-escaped, HTML-escaped)


def workshop_key_message(rows: Sequence[BoardRow], lang: str, target: float) -> str:
    """One sentence: how many scenarios, the groups' median (and range), how many meet, about meet and miss."""
    counts = status_counts(rows)
    growth = [r.gdp_growth for r in rows]
    return t("brief_ws_key_message", lang, n=len(rows), median=pct(board_median(rows)), low=pct(min(growth)),
             high=pct(max(growth)), target=target_text(target, lang), met=counts["met"], about=counts["about_met"],
             not_met=counts["not_met"])


def key_number_items(rows: Sequence[BoardRow], lang: str, target: float, saves: int) -> list[tuple[int, str]]:
    """(indent level, text) of the key numbers: scenarios and saves, the median, the target and each status's count."""
    counts = status_counts(rows)
    return [
        (0, t("kit_summary_scenarios", lang, n=len(rows), saves=f"{saves:,}")),
        (0, t("kit_summary_median", lang, value=pct(board_median(rows)))),
        (0, t("kit_summary_target", lang, target=pct(target))),
        *((1, t("kit_summary_count", lang, status=status_words(key, lang), n=counts[key], total=len(rows)))
          for key in ("met", "about_met", "not_met")),
    ]


def table_header(lang: str) -> list[str]:
    return [t("kit_summary_rank", lang), t("ws_col_group", lang), t("ws_col_name", lang), t("board_col_gdp", lang),
            t("board_col_status", lang), t("board_col_chance", lang)]


def table_cells(rank: int, r: BoardRow, lang: str, user: UserText, ours: UserText) -> list[str]:
    """One scenario's row of the table; `user` writes the group's and the scenario's names, `ours` the rest."""
    return [ours(str(rank)), user(r.group) or "–", user(r.name), ours(pct(r.gdp_growth)),
            ours(status_words(r.gdp_status, lang)), ours(pct(r.chance, 0))]


def scenario_title(rank: int, r: BoardRow, user: UserText) -> str:
    return f"{rank}. " + (user(r.group) + " · " + user(r.name) if r.group else user(r.name))


def scenario_lines(r: BoardRow, lang: str) -> list[str]:
    """A scenario's result, how many identical saves it stands for, and when it was saved."""
    lines = [t("kit_summary_result", lang, gdp=pct(r.gdp_growth), status=status_words(r.gdp_status, lang),
               chance=pct(r.chance, 0))]
    if r.copies > 1:
        lines.append(t("kit_summary_copies", lang, n=r.copies))
    return lines + [t("kit_summary_saved", lang, time=beijing_time(r.created_at))]


def closing_lines(lang: str) -> list[str]:
    return [t("board_chance_note", lang, draws=f"{BOARD_DRAWS:,}"), t("kit_summary_status_note", lang)]


# ------------------------------------------------------------------ the Markdown form


def summary_markdown(rows: Sequence[BoardRow], lang: str, code: str, target: float, now: datetime,
                     total_saves: int | None = None) -> str:
    """The workshop summary as Markdown (UTF-8 text). rows: board_content.board_rows (highest growth first);
    target: the GDP target the statuses were read against; now: when it was exported (shown in Beijing time)."""
    lines = [
        "# " + t("kit_summary_title", lang, code=_escape(code)),
        "",
        t("kit_summary_exported", lang, time=now.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")),
        "",
    ]
    if not rows:
        lines += [t("board_empty", lang), ""]
        return "\n".join(lines)
    saves = total_saves if total_saves is not None else sum(r.copies for r in rows)
    lines += [
        "## " + t("brief_key_label", lang),
        "",
        workshop_key_message(rows, lang, target),
        "",
        "## " + t("kit_summary_key_numbers", lang),
        "",
        *(("    " * level) + "- " + text for level, text in key_number_items(rows, lang, target, saves)),
        "",
        "## " + t("kit_summary_table", lang),
        "",
    ]
    lines.append("| " + " | ".join(_table_cell(h) for h in table_header(lang)) + " |")
    lines.append("|" + "|".join(["---:", "---", "---", "---:", "---", "---:"]) + "|")
    for rank, r in enumerate(rows, start=1):
        lines.append("| " + " | ".join(table_cells(rank, r, lang, markdown_text, _table_cell)) + " |")
    lines += ["", "## " + t("kit_summary_scenarios_heading", lang), ""]
    for rank, r in enumerate(rows, start=1):
        lines += ["### " + scenario_title(rank, r, markdown_text), ""]
        lines += ["- " + line for line in scenario_lines(r, lang)]
        items = change_items(r.changes, lang)
        if items:
            lines.append("- " + t("kit_summary_changes", lang))
            lines += ["    - " + _escape(item) for item in items]
        else:
            lines.append("- " + t("board_no_changes", lang))
        if r.note.strip():
            lines += ["- " + t("kit_summary_note", lang), ""]
            lines += ["    " + line for line in _note_lines(r.note.strip())]
        else:
            lines.append("- " + t("kit_summary_no_note", lang))
        lines.append("")
    lines += ["---", "", *(line for text in closing_lines(lang) for line in (text, ""))]
    return "\n".join(lines)
