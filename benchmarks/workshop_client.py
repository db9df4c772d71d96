"""A workshop group without a browser: join by the link, give the group's name, save the scenario; read a workshop's list.

    saved = save_from_join_link("http://127.0.0.1:8740", "K7MX-3QDA", group="Team 3", name="Scenario 3")
    names = listed_names("http://127.0.0.1:8741", "K7MX-3QDA")     # the workshop page's list, as that server shows it

Both speak Streamlit's protocol (benchmarks/st_client.py), so they go through whatever serves the URL (a replica,
or the proxy in front of replicas). The save uses the simulator's workshop banner (ui/workshop/banner.py: the
group's name form, then the save form in its popover), as a participant who opened the join link does.
"""

from __future__ import annotations

import io
import re

from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.st_client import ProtocolError, Session, element_text

SAVED = re.compile(r"#(\d+)")  # "Saved (no. #12)." / "已保存（编号 #12）。"


def _submit(session: Session, fields: dict[str, str], button_key: str, kinds=("text_input", "text_area")) -> list[str]:
    """Fill a form's boxes and press its submit button (one rerun, as the browser sends a form); the page's texts."""
    changes = {}
    for key, value in fields.items():
        widget = session.find_widget(key, kinds)
        if widget is None:
            raise ProtocolError(f"no box {key!r} on the page; widgets: {sorted(session.widgets)}")
        changes[widget.id] = WidgetState(id=widget.id, string_value=value)
    button = session.find_widget(button_key, ("button",))
    if button is None:
        raise ProtocolError(f"no button {button_key!r} on the page; widgets: {sorted(session.widgets)}")
    changes[button.id] = WidgetState(id=button.id, trigger_value=True)
    run = session.rerun(changes)
    session.widget_states.pop(button.id, None)  # a trigger is sent once, as the browser does
    if run.exceptions:
        raise ProtocolError(f"the page showed an exception: {run.exceptions[0]}")
    return [element_text(e) for _, e in run.elements]


def save_from_join_link(base_url: str, code: str, group: str, name: str, lang: str = "en",
                        timeout_s: float = 30.0) -> int:
    """Open the join link, give the group's name, save the default scenario as `name`: the saved row's id."""
    with Session(base_url, query=f"ws={code}&lang={lang}", timeout_s=timeout_s) as session:
        run = session.open_page()
        if run.exceptions:
            raise ProtocolError(f"the join link showed an exception: {run.exceptions[0]}")
        _submit(session, {"w_sim_group": group}, "w_sim_group_ok")
        texts = _submit(session, {"w_sim_save_name": name}, "w_sim_save")
    for text in texts:
        found = SAVED.search(text)
        if found:
            return int(found.group(1))
    raise ProtocolError(f"saving {name!r} showed no saved number; texts: {[t[:80] for t in texts if t][:8]}")


def listed_names(base_url: str, code: str, lang: str = "en", timeout_s: float = 30.0) -> set[str]:
    """The scenario names the workshop page lists for `code` (its table, ui/workshop/listing.py) on that server."""
    import pyarrow as pa

    with Session(base_url, query=f"ws={code}&lang={lang}", timeout_s=timeout_s, page_name="workshop") as session:
        run = session.open_page()
    if run.exceptions:
        raise ProtocolError(f"the workshop page showed an exception: {run.exceptions[0]}")
    names: set[str] = set()
    for _, element in run.elements:
        if element.WhichOneof("type") == "dataframe":
            table = pa.ipc.open_stream(io.BytesIO(element.dataframe.arrow_data.data)).read_all()
            for column in table.column_names:
                names |= {v for v in table.column(column).to_pylist() if isinstance(v, str)}
    return names
