"""The nginx configuration docs/deploy.md shows is the one scripts/proxy.py writes (and the benchmarks and
tests/e2e/test_replicas_proxy.py run): one home, so the page cannot drift from what was measured."""

from __future__ import annotations

import re
from pathlib import Path

from scripts.proxy import AFFINITY_COOKIE, access_log_rows, logged_affinity, site_config

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTED = (["10.0.0.11:8501", "10.0.0.12:8501"], "/srv/huadu/static")  # the command docs/deploy.md names


def _nginx_blocks(markdown: str) -> list[str]:
    return re.findall(r"```nginx\n(.*?)```", markdown, flags=re.DOTALL)


def test_the_deploy_guide_shows_the_configuration_the_script_writes():
    blocks = _nginx_blocks((ROOT / "docs" / "deploy.md").read_text(encoding="utf-8"))
    assert blocks == [site_config(*DOCUMENTED)], "run: python scripts/proxy.py config --replica 10.0.0.11:8501 " \
        "--replica 10.0.0.12:8501, and put its output in docs/deploy.md's nginx block"


def test_every_replica_is_an_upstream_server_and_the_affinity_is_the_cookie():
    conf = site_config(["10.0.0.11:8501", "10.0.0.12:8501", "10.0.0.13:8501"], "/srv/static")
    assert re.findall(r"server (\S+) max_fails", conf) == ["10.0.0.11:8501", "10.0.0.12:8501", "10.0.0.13:8501"]
    assert "hash $uid_got$uid_set consistent;" in conf and f"userid_name   {AFFINITY_COOKIE};" in conf
    assert "ip_hash" not in conf.replace("(ip_hash would not)", "")


def test_a_cookie_reads_as_nginx_logs_it():
    # nginx's userid cookie for uid words 0100007F, 6B1728DE, 07173B28, 02030303 (as in its access log)
    assert logged_affinity("fwAAAd4oF2soOxcHAwMDAg==") == f"{AFFINITY_COOKIE}=0100007F6B1728DE07173B2802030303"
    assert logged_affinity("not base64!") == ""
    rows = access_log_rows("1796679902.285 127.0.0.1:8741 -huadu_replica=0100007F 200 GET /_stcore/health\nnoise\n")
    assert [(r.upstream, r.status, r.uri) for r in rows] == [("127.0.0.1:8741", 200, "/_stcore/health")]
