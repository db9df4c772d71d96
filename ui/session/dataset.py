"""The dataset the views read: the one the program's entry point installed.

app.py loads data/ once as it starts (ui.session.startup.check_data) and installs the result here;
every view reaches it through dataset(), never by loading data/ as it imports. Where no entry
point installed one (a page run alone in AppTest, a test calling a view), dataset() falls back
to data.load(), which reads data/ once per process.
"""

from __future__ import annotations

import data

_installed: data.Dataset | None = None


def install(dataset_: data.Dataset | None) -> None:
    """Make `dataset_` the one the views read (None: back to data.load())."""
    global _installed
    _installed = dataset_


def dataset() -> data.Dataset:
    """The installed dataset, else data.load()."""
    return _installed if _installed is not None else data.load()
