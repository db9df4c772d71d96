"""The scenario library against SQLite always and PostgreSQL when HUADU_TEST_PG_URL is set (required in CI)."""

from __future__ import annotations

import json
import os
import threading
import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import make_url

import data
import store
from model import FIELDS, Scenario
from store.schema import metadata, scenarios, schema_version
from tests.conftest import postgres_url

PARAMS = data.load().params




def _empty_database(url: str) -> None:
    engine = store.get_engine(url)
    metadata.drop_all(engine, checkfirst=True)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A URL to an empty database, one per test: a fresh SQLite file, or the test PostgreSQL with tables dropped."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'scenarios.sqlite3'}"
    else:
        url = postgres_url()
        _empty_database(url)
    yield url
    if request.param == "postgres":
        _empty_database(url)
    store.dispose_engine(url)


@pytest.fixture
def lib(store_url) -> store.ScenarioStore:
    return store.ScenarioStore(store_url)


def _varied_scenario() -> Scenario:
    """Every field away from its default, with awkward binary fractions, still inside its range."""
    changes = {}
    for name in FIELDS:
        p = PARAMS[name]
        changes[name] = p.min + (p.max - p.min) * 0.1234567890123
    return Scenario(**changes)


# ------------------------------------------------------------------ round trip


def test_save_get_round_trip_is_exact(lib):
    scenario = _varied_scenario()
    before = datetime.now(UTC)
    sid = lib.save("HD2025-A", "稳增长 steady", scenario.to_dict(), group="第一组", note="line 1\nline 2")
    saved = lib.get(sid)
    assert saved.id == sid
    assert (saved.workshop_code, saved.name, saved.group, saved.note) == (
        "HD2025-A",
        "稳增长 steady",
        "第一组",
        "line 1\nline 2",
    )
    assert dict(saved.values) == scenario.to_dict()  # float ==, not approx
    assert saved.scenario() == scenario
    assert saved.problems() == []
    assert saved.data_version == data.load().version
    assert saved.created_at.tzinfo is not None and saved.created_at.utcoffset().total_seconds() == 0
    assert before <= saved.created_at <= datetime.now(UTC)


def test_save_accepts_a_scenario_and_stores_every_field(lib):
    scenario = Scenario().replace(fai_growth=0.08)
    saved = lib.get(lib.save("HD2025-A", "only one lever moved", scenario))
    assert set(saved.values) == set(FIELDS)
    assert saved.scenario() == scenario


def test_saved_scenario_is_frozen_and_hashable(lib):
    saved = lib.get(lib.save("HD2025-A", "frozen", Scenario().to_dict()))
    with pytest.raises(AttributeError):
        saved.name = "changed"
    assert hash(saved) == hash(lib.get(saved.id))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({k: st.floats(PARAMS[k].min, PARAMS[k].max) for k in FIELDS}))
def test_any_scenario_in_range_round_trips_exactly(lib, values):
    saved = lib.get(lib.save("PROP", "property", values))
    assert dict(saved.values) == {k: (0.0 if v == 0 else v) for k, v in values.items()}


def test_get_missing_raises_not_found(lib):
    with pytest.raises(store.ScenarioNotFoundError):
        lib.get(123456)


# ------------------------------------------------------------------ listing, workshop codes, delete


def test_list_filters_by_workshop_code_and_is_newest_first(lib):
    ids_a = [lib.save("HD2025-A", f"a{i}", Scenario()) for i in range(3)]
    ids_b = [lib.save("HD2025-B", f"b{i}", Scenario()) for i in range(2)]
    assert [s.id for s in lib.list("HD2025-A")] == ids_a[::-1]
    assert [s.id for s in lib.list("hd2025-b ")] == ids_b[::-1]
    assert [s.id for s in lib.list()] == (ids_a + ids_b)[::-1]
    assert [s.id for s in lib.list(limit=2)] == ids_b[::-1]
    assert lib.list("NOBODY") == []
    times = [s.created_at for s in lib.list()]
    assert times == sorted(times, reverse=True)


def test_list_rejects_a_bad_limit(lib):
    for bad in (0, -1, True, "5"):
        with pytest.raises(ValueError):
            lib.list(limit=bad)


def test_the_store_offers_no_list_of_workshops(lib):
    assert not hasattr(lib, "workshop_codes")


def test_delete_by_its_author_is_recorded(lib):
    keep = lib.save("HD2025-A", "keep", Scenario(), author_token="me")
    gone = lib.save("HD2025-A", "gone", Scenario(), author_token="me")
    assert lib.delete(gone, "HD2025-A", author_token="me") is True
    assert lib.delete(gone, "HD2025-A", author_token="me") is False
    with pytest.raises(store.ScenarioNotFoundError):
        lib.get(gone)
    assert [s.id for s in lib.list()] == [keep]
    (record,) = lib.list("HD2025-A", deleted=True)
    assert (record.id, record.name, record.deleted_by) == (gone, "gone", "author")
    assert record.deleted_at is not None and record.deleted_at.tzinfo is not None


@pytest.mark.parametrize(
    ("raw", "normal"),
    [(" hd2025-a ", "HD2025-A"), ("\tws_1\n", "WS_1"), ("a", "A"), ("Z" * 32, "Z" * 32), ("0-_9", "0-_9"),
     ("hd2025\u00ad-a", "HD2025-A"), ("\u00adHD2025-A\u00ad", "HD2025-A"),  # soft hyphens, as a copy from a page brings
     ("HD\u200b2025\u2060-A\ufeff", "HD2025-A"), ("\u202eHD2025-A", "HD2025-A"), ("ＨＤ２０２５－Ａ", "HD2025-A")],
)
def test_workshop_code_normalisation(raw, normal):
    assert store.normalise_workshop_code(raw) == normal


def test_a_soft_hyphen_is_dropped_from_labels_too():
    assert store.clean_label("Gr\u00adoup\u00ad A") == "Group A"


@pytest.mark.parametrize(("typed", "skeleton"), [
    ("HD2025-L", "HD20251"), ("hd2025-l", "HD20251"), ("HD2025-I", "HD20251"), ("HD2025-1", "HD20251"),
    ("HD2O25-A", "HD2025A"), ("hd 2025_a", "HD2025A"), ("h.d-2025 a", "HD2025A"), ("hd-L1o0_i.x", "HD11001X"),
])
def test_look_alike_codes_fold_to_one_skeleton(typed, skeleton):
    """The "did you mean" key: upper-case, separators dropped, O read as 0 and I, L as 1."""
    assert store.code_skeleton(typed) == skeleton


# ------------------------------------------------------------------ validation


def _error(lib, **fields) -> store.StoreValidationError:
    args = {"workshop_code": "HD2025-A", "name": "ok", "values": Scenario().to_dict()} | fields
    with pytest.raises(store.StoreValidationError) as caught:
        lib.save(**args)
    assert isinstance(caught.value, ValueError)
    return caught.value


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"name": ""}, "name", "empty"),
        ({"name": "   \n"}, "name", "empty"),
        ({"name": "x" * 81}, "name", "too_long"),
        ({"name": "名" * 10_000}, "name", "too_long"),
        ({"name": None}, "name", "not_text"),
        ({"group": "g" * 81}, "group", "too_long"),
        ({"note": "n" * 501}, "note", "too_long"),
        ({"note": "n" * 10_000}, "note", "too_long"),
        ({"workshop_code": ""}, "workshop_code", "empty"),
        ({"workshop_code": "  "}, "workshop_code", "empty"),
        ({"workshop_code": "A" * 33}, "workshop_code", "too_long"),
        ({"workshop_code": "HD 2025"}, "workshop_code", "bad_chars"),
        ({"workshop_code": "HD/2025"}, "workshop_code", "bad_chars"),
        ({"workshop_code": "HD2025-Ä"}, "workshop_code", "bad_chars"),
        ({"workshop_code": "HD2025-ß"}, "workshop_code", "bad_chars"),  # "ß".upper() == "SS": checked before
        ({"workshop_code": "A'--"}, "workshop_code", "bad_chars"),
        ({"name": "a\x00b"}, "name", "bad_chars"),
        ({"group": "\x00"}, "group", "bad_chars"),
        ({"note": "note\x00"}, "note", "bad_chars"),
        ({"name": "lone \ud800 surrogate"}, "name", "bad_chars"),
        ({"values": {"fai_growth": "lots"}}, "values", "bad_values"),
        ({"values": {"not_a_parameter": 1.0}}, "values", "bad_values"),
        ({"values": {"fai_growth": 99.0}}, "values", "bad_values"),
        ({"values": [1, 2]}, "values", "bad_values"),
    ],
)
def test_validation_errors_name_field_and_reason(lib, fields, field, reason):
    err = _error(lib, **fields)
    assert (err.field, err.reason) == (field, reason)
    assert err.reason in store.REASONS
    assert lib.list() == []  # nothing half-saved


def test_too_long_carries_its_limit_and_bad_values_its_problems(lib):
    assert _error(lib, note="n" * 501).limit == store.NOTE_MAX == 500
    assert _error(lib, name="x" * 81).limit == store.NAME_MAX == 80
    err = _error(lib, values={"fai_growth": 99.0, "gone": 1})
    assert sorted((p.key, p.reason) for p in err.problems) == [("fai_growth", "out_of_range"), ("gone", "unknown")]


def test_limits_are_inclusive(lib):
    sid = lib.save("C" * 32, "n" * 80, Scenario(), group="g" * 80, note="n" * 500)
    saved = lib.get(sid)
    assert (len(saved.workshop_code), len(saved.name), len(saved.group), len(saved.note)) == (32, 80, 80, 500)


# ------------------------------------------------------------------ hostile text is stored literally

HOSTILE = [
    "<script>alert(1)</script>",
    "'; DROP TABLE scenarios; --",
    "Robert'); DROP TABLE schema_version;--",
    "he said \"hi\" and 'bye'",
    "back\\slash \\n \\x00 \\\\",
    "%s %(name)s :name ? $1 {0}",
    "&lt;b&gt; &amp; <b>bold</b>",
    "😀" * 80,
    "👩‍👩‍👧‍👦🇨🇳" + "e\u0301" * 10,
    "\u202eRTL override\u200b zero width",
    "tab\tcr\rnl\n",
    "花都区 · 广州",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_round_trips_literally(lib, hostile):
    sid = lib.save("HD2025-A", hostile[:80], Scenario(), group=hostile[:80], note=hostile * 2)
    saved = lib.get(sid)
    invisible = "\u200b\u200d\u202e"  # removed from names and groups; only direction overrides from notes
    assert saved.name == unicodedata.normalize("NFKC", "".join(c for c in hostile[:80] if c not in invisible))
    assert saved.group == saved.name
    assert saved.note == (hostile * 2).replace("\u202e", "")
    assert [s.id for s in lib.list("HD2025-A")] == [sid]  # both tables still there


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\u200e\u200f\u061c"
                                      "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), max_size=80))
def test_any_text_round_trips_literally(lib, note):
    saved = lib.get(lib.save("PROP", "property", Scenario(), note=note))
    assert saved.note == note


# ------------------------------------------------------------------ concurrency


def test_twenty_threads_saving_lose_nothing(lib):
    threads_n, saves_n = 20, 10
    errors: list[BaseException] = []
    start = threading.Barrier(threads_n)

    def worker(t: int) -> None:
        try:
            start.wait()
            for i in range(saves_n):
                lib.save(f"T{t:02d}", f"thread {t} save {i}", Scenario(), note=f"{t}/{i}")
        except BaseException as exc:  # collected and asserted below, so no thread dies silently
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    saved = lib.list(limit=1000)
    assert len(saved) == threads_n * saves_n
    assert len({s.id for s in saved}) == threads_n * saves_n
    assert {s.note for s in saved} == {f"{t}/{i}" for t in range(threads_n) for i in range(saves_n)}
    assert [len(lib.list(f"T{t:02d}")) for t in range(threads_n)] == [saves_n] * threads_n


# ------------------------------------------------------------------ schema version and older data


def test_schema_version_is_recorded(lib):
    assert lib.schema_version == store.SCHEMA_VERSION
    assert store.read_schema_version(lib.engine) == store.SCHEMA_VERSION
    store.ScenarioStore(lib.engine.url.render_as_string(hide_password=False))  # reopening is harmless
    with lib.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM schema_version")).scalar() == 1


def test_migrations_run_in_order_from_the_recorded_version(lib):
    with lib.engine.begin() as conn:
        conn.execute(schema_version.update().values(version=store.SCHEMA_VERSION - 1))
    ran = []
    migrations = {store.SCHEMA_VERSION: lambda conn: ran.append(store.SCHEMA_VERSION)}
    assert store.ensure_schema(lib.engine, migrations=migrations) == store.SCHEMA_VERSION
    assert ran == [store.SCHEMA_VERSION]
    assert store.read_schema_version(lib.engine) == store.SCHEMA_VERSION
    assert store.ensure_schema(lib.engine, migrations=migrations) == store.SCHEMA_VERSION
    assert ran == [store.SCHEMA_VERSION]  # not again


def test_a_missing_migration_or_a_newer_database_is_an_error(lib):
    with lib.engine.begin() as conn:
        conn.execute(schema_version.update().values(version=store.SCHEMA_VERSION - 1))
    with pytest.raises(store.StoreError, match="no migration"):
        store.ensure_schema(lib.engine, migrations={})
    with lib.engine.begin() as conn:
        conn.execute(schema_version.update().values(version=store.SCHEMA_VERSION + 1))
    with pytest.raises(store.StoreError, match="newer|knows up to"):
        store.ensure_schema(lib.engine)


def test_a_row_from_an_older_version_loads_with_unknown_keys_dropped_and_reported(lib):
    old_values = {"fai_growth": 0.07, "retired_lever": 0.5, "retail_growth": 42.0}
    with lib.engine.begin() as conn:
        result = conn.execute(
            text(
                "INSERT INTO scenarios (workshop_code, name, group_name, note, scenario_values,"
                " data_version, created_at) VALUES (:code, :name, '', '', :vals, :ver, :at)"
            ),
            {
                "code": "OLD",
                "name": "from 2024",
                "vals": json.dumps(old_values),
                "ver": "2024.9",
                "at": datetime(2024, 12, 1, tzinfo=UTC),
            },
        )
        assert result.rowcount == 1
    (saved,) = lib.list("OLD")
    assert saved.data_version == "2024.9"
    assert dict(saved.values) == old_values  # stored as it was
    assert saved.scenario() == Scenario().replace(fai_growth=0.07)
    assert sorted((p.key, p.reason) for p in saved.problems()) == [
        ("retail_growth", "out_of_range"),
        ("retired_lever", "unknown"),
    ]


def test_the_scenarios_table_has_the_documented_columns():
    assert [c.name for c in scenarios.columns] == [
        "id",
        "workshop_code",
        "name",
        "group_name",
        "note",
        "scenario_values",
        "data_version",
        "created_at",
        "save_token",
        "author_hash",
        "deleted_at",
        "deleted_by",
    ]


# ------------------------------------------------------------------ URL resolution


def test_database_url_prefers_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HUADU_DATABASE_URL", "postgresql+psycopg2://u@h/db")
    monkeypatch.setenv("HUADU_DATA_DIR", str(tmp_path))
    assert store.database_url() == "postgresql+psycopg2://u@h/db"


def test_database_url_defaults_to_a_sqlite_file_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("HUADU_DATABASE_URL", raising=False)
    folder = tmp_path / "not" / "yet"
    monkeypatch.setenv("HUADU_DATA_DIR", str(folder))
    url = store.database_url()
    assert url == f"sqlite:///{folder / 'scenarios.sqlite3'}"
    try:
        lib = store.ScenarioStore()
        assert folder.is_dir()
        lib.save("HD2025-A", "default place", Scenario())
        with lib.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    finally:
        store.dispose_engine(url)


def test_database_url_default_folder_is_var_in_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("HUADU_DATABASE_URL", raising=False)
    monkeypatch.delenv("HUADU_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert store.database_url() == f"sqlite:///{tmp_path.resolve() / 'var' / 'scenarios.sqlite3'}"


def test_the_store_says_where_scenarios_are_kept(lib, store_url):
    parsed = make_url(store_url)
    if parsed.get_backend_name() == "sqlite":
        assert (lib.where, lib.location) == ("sqlite_local", parsed.database)
    else:
        assert (lib.where, lib.location) == ("shared", parsed.render_as_string(hide_password=True))


def test_an_in_memory_library_says_so():
    try:
        lib = store.ScenarioStore("sqlite://")
        assert (lib.where, lib.location) == ("memory", ":memory:")
    finally:
        store.dispose_engine("sqlite://")


@pytest.mark.parametrize(("url", "where", "location"), [
    ("postgresql+psycopg2://huadu:s3cr%40t@db.example:5432/huadu", "shared",
     "postgresql+psycopg2://huadu:***@db.example:5432/huadu"),
    ("postgresql://huadu@db.example/huadu", "shared", "postgresql://huadu@db.example/huadu"),
    ("sqlite:////srv/huadu/var/scenarios.sqlite3", "sqlite_local", "/srv/huadu/var/scenarios.sqlite3"),
    ("sqlite:///file:/srv/huadu/lib.sqlite3?mode=ro&uri=true", "sqlite_local", "/srv/huadu/lib.sqlite3"),
    ("sqlite:///:memory:", "memory", ":memory:"),
    ("sqlite:///file::memory:?cache=shared&uri=true", "memory", ":memory:"),
])
def test_where_and_location_never_show_a_password(url, where, location):
    from store import engine

    assert (engine.where(url), engine.location(url)) == (where, location)
    assert "s3cr" not in engine.location(url)


def test_one_engine_per_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    try:
        assert store.get_engine(url) is store.get_engine(url)
    finally:
        store.dispose_engine(url)


def test_store_never_imports_streamlit():
    import subprocess
    import sys

    code = "import sys, store; sys.exit(1 if any(m.split('.')[0] == 'streamlit' for m in sys.modules) else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=os.path.dirname(os.path.dirname(__file__))).returncode == 0
