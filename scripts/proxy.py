"""nginx in front of the app's replicas: the configuration docs/deploy.md gives (the one that was measured),
Streamlit's frontend files precompressed for it, and a throwaway nginx for the benchmarks and the scale-out test.

    python scripts/proxy.py config --replica 10.0.0.11:8501 --replica 10.0.0.12:8501 --static /srv/huadu/static
    python scripts/proxy.py static /srv/huadu/static     # after every install or upgrade of Streamlit

`config` prints the part that goes into nginx's http block (e.g. /etc/nginx/conf.d/huadu.conf); `static`
copies the installed Streamlit's frontend files (content-hashed names) into a folder, fonts cut to what the app
shows and each compressible file beside its .gz and .br (scripts/frontend_copy.py). As a module: `site_config`, `prepare_static`, `ensure_nginx` and
`Nginx` (nginx started in a folder of its own with a generated configuration, no system service).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python scripts/proxy.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts.frontend_copy import CUT_FONTS, prepare_static, unreadable_by_others  # noqa: E402

__all__ = ["Nginx", "ensure_nginx", "prepare_static", "site_config"]

AFFINITY_COOKIE = "huadu_replica"  # nginx's userid cookie: which replica a browser's requests go to
GZIP_TYPES = ("text/css", "application/javascript", "text/javascript", "application/json", "image/svg+xml",
              "text/plain", "text/csv", "font/ttf", "application/wasm")
DEBIAN_PACKAGES = ("nginx", "libnginx-mod-http-brotli-static")  # the second: brotli_static, for the precompressed .br files
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")  # where Debian's package puts it


def site_config(replicas: list[str], static_dir: str | Path, listen: str = "443",
                tls: tuple[str, str] | None = ("/etc/ssl/huadu.crt", "/etc/ssl/huadu.key")) -> str:
    """The http-block part: sticky upstream, WebSocket proxying, compression and caching of Streamlit's files.
    tls: (certificate, key) files, served over HTTP/2 (None: plain HTTP/1.1, e.g. behind another TLS proxy)."""
    if tls:
        listen_lines = (f"    listen {listen} ssl http2;   # HTTP/2: a phone fetches the page's many small files at once\n"
                        f"    ssl_certificate     {tls[0]};\n    ssl_certificate_key {tls[1]};")
        cookie_flags = "secure httponly samesite=lax"
    else:
        listen_lines, cookie_flags = f"    listen {listen};", "httponly samesite=lax"
    servers = "\n".join(f"    server {r} max_fails=3 fail_timeout=10s;" for r in replicas)
    static = str(static_dir).rstrip("/") + "/"
    return f"""\
# The Huadu simulator behind nginx (python scripts/proxy.py config): {len(replicas)} replica(s), sticky by a cookie.

# The WebSocket (/_stcore/stream) is upgraded; other requests keep their connection to the replica alive.
map $http_upgrade $huadu_connection {{ default upgrade; '' ''; }}

upstream huadu {{
    # Sticky: nginx's userid module gives a browser a cookie ({AFFINITY_COOKIE}) on its first response;
    # the cookie, or on that first request the one being set, picks the replica. So the WebSocket and
    # every HTTP side request (uploads, downloads, component files) reach the process holding the
    # session. A room behind one address spreads over the replicas (ip_hash would not). A replica
    # that stops answering is skipped; its browsers reconnect to another (the URL keeps the scenario).
    hash $uid_got$uid_set consistent;
{servers}
    keepalive 16;
}}

server {{
{listen_lines}
    client_max_body_size 2m;    # uploads: .streamlit/config.toml caps them at 1 MB

    userid        on;
    userid_name   {AFFINITY_COOKIE};
    userid_path   /;
    userid_flags  {cookie_flags};

    gzip          on;           # the page, component files and downloads, compressed on the way out
    gzip_comp_level 5;
    gzip_min_length 1024;
    gzip_proxied  any;
    gzip_vary     on;
    gzip_types    {" ".join(GZIP_TYPES)};

    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $huadu_connection;
    proxy_set_header Host $http_host;    # with its port: Streamlit compares it with the WebSocket's Origin
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header Accept-Encoding "";  # the replicas send plain bytes: nginx compresses (and can edit the page)
    proxy_read_timeout 1h;      # a session's WebSocket stays open for a whole workshop
    proxy_send_timeout 1h;

    # Streamlit's frontend: file names carry a content hash, so a browser keeps them a year; served by
    # nginx from a copy with a .gz and a .br beside each file and the fonts cut to what the app shows
    # (python scripts/proxy.py static {static}; nginx's workers must be able to enter its folders).
    location /static/ {{
        alias {static};
        gzip_static on;         # the .gz beside each file, or
        brotli_static on;       # the .br (Brotli: the main file 147 kB gzipped, 122 kB), for browsers that take it
        add_header Cache-Control "public, max-age=31536000, immutable";
        userid off;
        try_files $uri @huadu;  # a file the copy lacks (the replicas run another Streamlit): the app serves it
    }}

    # The fonts the copy cuts to what the app shows keep Streamlit's names: a rebuilt cut (a new icon) must
    # reach a browser that has the old one, so these are revalidated on each visit (a 304 when unchanged).
    location ~ ^/static/media/((?:{"|".join(CUT_FONTS)})[^/]*\\.woff2)$ {{
        alias {static}media/$1;
        add_header Cache-Control "no-cache";
        userid off;
        error_page 404 = @huadu;  # a font the copy lacks (another Streamlit): the app serves it
    }}

    location / {{
        proxy_pass http://huadu;
        # Streamlit's page preloads its 170 kB Latin text font ahead of its JavaScript; on slow 4G the first
        # figures came later for it (benchmarks/bench_slow_network.py). The font still loads when text needs it.
        sub_filter 'rel="preload"' 'rel="huadu-not-preloaded"';
    }}

    location @huadu {{
        proxy_pass http://huadu;
    }}
}}
"""


LOG_FORMAT = "$msec $upstream_addr $uid_got$uid_set $status $request_method $uri"  # read by access_log_rows


def standalone_config(site: str, folder: Path) -> str:
    """A whole nginx.conf around `site` that keeps every file in `folder` (pid, logs, temp) and runs in the
    foreground: nothing of the system's nginx is read or written."""
    types = {"text/html": "html", "text/css": "css", "application/javascript": "js mjs", "application/json": "json",
             "image/svg+xml": "svg", "image/png": "png", "image/x-icon": "ico", "font/woff2": "woff2",
             "font/woff": "woff", "font/ttf": "ttf", "application/wasm": "wasm", "text/plain": "txt"}
    types_block = "\n".join(f"        {mime} {ext};" for mime, ext in types.items())
    temp = "\n".join(f"    {kind}_temp_path {folder}/temp/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    modules = f"load_module {BROTLI_MODULE};\n" if BROTLI_MODULE.exists() else ""
    return f"""\
{modules}daemon off;
worker_processes 1;
worker_rlimit_nofile 16384;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    types {{
{types_block}
    }}
    default_type application/octet-stream;
    sendfile on;
    tcp_nodelay on;
{temp}
    log_format huadu '{LOG_FORMAT}';
    access_log {folder}/access.log huadu;

{site}
}}
"""


def nginx_binary() -> str | None:
    """The nginx executable (Debian puts it in /usr/sbin, not always on PATH), or None."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    return found


def ensure_nginx() -> str:
    """nginx's path; nginx and its Brotli module installed from Debian's packages first if either is missing and
    this is root with apt-get. The package's own service is kept from starting (policy-rc.d), so no system nginx
    runs afterwards."""
    found = nginx_binary()
    if found and BROTLI_MODULE.exists():
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit(f"nginx or its Brotli module is not installed: apt-get install {' '.join(DEBIAN_PACKAGES)} "
                         "(as root), then run this again")
    policy = Path("/usr/sbin/policy-rc.d")
    ours = not policy.exists()
    if ours:
        policy.write_text("#!/bin/sh\nexit 101\n")  # invoke-rc.d: do not start the package's service
        policy.chmod(0o755)
    try:
        env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *DEBIAN_PACKAGES], check=True, env=env)
    finally:
        if ours:
            policy.unlink()
    found = nginx_binary()
    if not found:
        raise SystemExit("apt-get installed nginx but no nginx executable was found")
    return found


def wait_for_port(port: int, timeout_s: float = 20.0, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on {host}:{port}")


@dataclass
class Nginx:
    """nginx in a folder of its own in front of `replicas` (host:port), listening on 127.0.0.1:`port`.

    with Nginx(["127.0.0.1:8741", "127.0.0.1:8742"], 8740, static_dir) as proxy: ...
    proxy.rows(): the access log, one AccessRow per proxied request."""

    replicas: list[str]
    port: int
    static_dir: Path
    tls: bool = False  # HTTPS and HTTP/2 with a self-signed certificate made in its folder (browsers: ignore_https_errors)
    cpus: set[int] | None = None  # pin nginx (its master and worker) to these cores
    nice: int = 0
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="huadu-nginx-")))
    process: subprocess.Popen | None = None

    def start(self) -> Nginx:
        binary = ensure_nginx()
        closed = unreadable_by_others(Path(self.static_dir)) if os.geteuid() == 0 else None
        if closed is not None:  # the workers run as "nobody": every static file would silently go to the app
            raise RuntimeError(f"nginx's workers cannot enter {closed} (no x for others), so they cannot serve "
                               f"{self.static_dir}: put the copy in a folder others can enter (frontend_copy.shared_copy())")
        self.folder.chmod(0o755)
        (self.folder / "temp").mkdir(exist_ok=True)
        tls = None
        if self.tls:
            tls = (str(self.folder / "cert.pem"), str(self.folder / "key.pem"))
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                            "/CN=127.0.0.1", "-keyout", tls[1], "-out", tls[0]], check=True, capture_output=True)
        site = site_config(self.replicas, self.static_dir, listen=f"127.0.0.1:{self.port}", tls=tls)
        conf = self.folder / "nginx.conf"
        conf.write_text(standalone_config(site, self.folder))
        command = [binary, "-p", str(self.folder), "-c", str(conf), "-e", str(self.folder / "error.log")]
        if self.cpus:
            command = ["taskset", "-c", ",".join(map(str, sorted(self.cpus))), *command]
        if self.nice:
            command = ["nice", "-n", str(self.nice), *command]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_for_port(self.port)
        except RuntimeError:
            self.stop()
            raise RuntimeError(f"nginx did not start: {self.error_log()[-2000:]}") from None
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def error_log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def pids(self) -> list[int]:
        """The master and its workers."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [self.process.pid, *map(int, children.read_text().split())]
        except OSError:
            return [self.process.pid]

    def rows(self) -> list[AccessRow]:
        path = self.folder / "access.log"
        return access_log_rows(path.read_text(errors="replace")) if path.exists() else []


@dataclass(frozen=True)
class AccessRow:
    """One request as nginx logged it (LOG_FORMAT)."""

    at: float
    upstream: str  # "-" when nginx answered itself (a static file)
    affinity: str  # the userid cookie it carried or was given, "huadu_replica=..."
    status: int
    method: str
    uri: str


def logged_affinity(cookie_value: str) -> str:
    """The userid cookie's value as nginx logs it ($uid_got: the name and four 32-bit words in hex), "" if unreadable."""
    try:
        words = struct.unpack("<4I", base64.b64decode(cookie_value + "=" * (-len(cookie_value) % 4)))
    except (binascii.Error, struct.error, ValueError):
        return ""
    return f"{AFFINITY_COOKIE}=" + "".join(f"{w:08X}" for w in words)


def access_log_rows(text: str) -> list[AccessRow]:
    rows = []
    for line in text.splitlines():
        parts = line.split(" ")
        if len(parts) == 6:
            rows.append(AccessRow(float(parts[0]), parts[1], parts[2], int(parts[3]), parts[4], parts[5]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    conf = sub.add_parser("config", help="print the http-block configuration")
    conf.add_argument("--replica", action="append", required=True, help="host:port of a replica (repeat)")
    conf.add_argument("--static", default="/srv/huadu/static", help="the folder `static` prepared")
    conf.add_argument("--listen", default="443")
    conf.add_argument("--tls", nargs=2, metavar=("CERTIFICATE", "KEY"), default=("/etc/ssl/huadu.crt", "/etc/ssl/huadu.key"))
    conf.add_argument("--plain", action="store_true", help="plain HTTP (TLS ends before nginx)")
    static = sub.add_parser("static", help="copy and precompress Streamlit's frontend files into a folder")
    static.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if args.command == "config":
        sys.stdout.write(site_config(args.replica, args.static, args.listen, None if args.plain else tuple(args.tls)))
    else:
        print(prepare_static(args.folder))
        if closed := unreadable_by_others(args.folder):
            print(f"warning: {closed} is closed to other users: nginx's workers (Debian: www-data) cannot read the "
                  "copy, and every file would quietly go to the app (chmod o+x on it)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
