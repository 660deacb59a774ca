"""A throw-away PostgreSQL cluster for the tests: initdb into a temporary folder, served on a Unix socket.

The server runs as the current user, or as the `postgres` user (else `nobody`) when the tests run as
root (PostgreSQL refuses to run as root). It listens on no TCP port, so parallel runs never collide.
Each test gets its own database, copied from a template that already holds the migrated schema.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

PORT = 5432                         # only names the socket file; nothing listens on TCP
SUPERUSER = "postgres"
TEMPLATE = "dprk_template"         # migrated, empty
BUNDLED = "dprk_bundled"            # migrated and seeded with the bundled dataset


class ClusterUnavailable(RuntimeError):
    """PostgreSQL could not be started here; the message says why."""


def server_binaries() -> Path:
    """The folder holding initdb and pg_ctl (Debian keeps them under /usr/lib/postgresql/N/bin)."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise ClusterUnavailable("the PostgreSQL server is not installed (no initdb; Debian: apt-get install "
                                 "postgresql)")
    return Path(found[-1]).parent


def _server_user() -> str | None:
    """Who runs the server: None for the current user, else an unprivileged account (we are root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise ClusterUnavailable("running as root and there is no unprivileged user (postgres, nobody) to run "
                             "the server as")


class Cluster:
    """One running server in a temporary folder; `stop()` removes everything."""

    def __init__(self) -> None:
        self.bin = server_binaries()
        self.user = _server_user()
        self.root = Path(tempfile.mkdtemp(prefix="dprk-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "sock"
        self.socket_dir.mkdir()
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chmod(self.root, 0o755)
            for path in (self.root, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self.started = False

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.root)
        if result.returncode != 0:
            raise ClusterUnavailable(f"{args[0]} failed: {(result.stderr or result.stdout).strip()[-800:]}")

    def start(self) -> "Cluster":
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-instructions")
        options = (f"-k {self.socket_dir} -p {PORT} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "server.log"),
                  "-w", "-t", "60", "start")
        self.started = True
        return self

    def stop(self) -> None:
        if self.started:
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            except (ClusterUnavailable, subprocess.TimeoutExpired):
                pass
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        """A libpq URL for `dbname` over the socket (no password: local trust, as a desk's server would use
        a password file or peer authentication)."""
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socket_dir}&port={PORT}"

    def version(self) -> int:
        if not hasattr(self, "_version"):
            import psycopg

            with psycopg.connect(self.url(), autocommit=True) as conn:
                self._version = conn.info.server_version
        return self._version

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, template: str | None = TEMPLATE) -> str:
        """A new empty database (from the migrated template when it exists); returns its URL."""
        name = "t_" + uuid.uuid4().hex[:12]
        strategy = " STRATEGY FILE_COPY" if self.version() >= 150000 else ""     # faster for small databases
        self.admin(f"CREATE DATABASE {name}{strategy}" + (f" TEMPLATE {template}" if template else ""))
        return self.url(name)

    def make_template(self) -> None:
        """The template database: migrated once, copied for every test (much faster than migrating each)."""
        from models.store import open_store

        self.admin(f"CREATE DATABASE {TEMPLATE}")
        with open_store(self.url(TEMPLATE)):
            pass

    def bundled_database(self) -> str:
        """A new database holding the bundled dataset: seeded once (models.bundle.seed_store, the path every
        new database takes), then copied from that template for each test that asks."""
        if not getattr(self, "_bundled", False):
            from models.bundle import seed_store
            from models.store import open_store

            self.admin(f"CREATE DATABASE {BUNDLED} TEMPLATE {TEMPLATE}")
            with open_store(self.url(BUNDLED)) as store:
                seed_store(store)
            self._bundled = True
        return self.new_database(template=BUNDLED)

    def analyst_url(self, url: str) -> str:
        """`url` for a new login role that may only read (SELECT on every table and sequence): an analyst."""
        import psycopg

        role = "analyst_" + uuid.uuid4().hex[:8]
        self.admin(f"CREATE ROLE {role} LOGIN")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
            conn.execute(f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
        return url.replace(f"{SUPERUSER}@", f"{role}@", 1)

    def drop_database(self, url: str) -> None:
        name = url.split("?", 1)[0].rsplit("/", 1)[1]
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_cluster() -> Cluster:
    """A started cluster with the template ready, or ClusterUnavailable saying why not."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise ClusterUnavailable(f"psycopg is not installed ({exc})") from None
    cluster = Cluster()
    try:
        cluster.start()
        cluster.make_template()
    except BaseException:
        cluster.stop()
        raise
    return cluster
