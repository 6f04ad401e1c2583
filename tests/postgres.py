"""A throwaway PostgreSQL cluster from the distribution's packages, for the tests that need a real server.

The cluster lives in a temporary directory, listens on a unix socket there and on a free
127.0.0.1 port, and is removed when the test session ends. PostgreSQL refuses to run as
root, so under root (CI) the server runs as the ``postgres`` user the package creates.

Each database made by :meth:`PostgresCluster.create_database` has two roles, as a
deployment would (docs/postgres.md): an owner that runs the migrations, and a crawler role
that may only connect; the migration grants it the rights it uses on the tables. Both
authenticate over TCP with SCRAM passwords read from a ``PGPASSFILE``, never from the URL.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# CI sets this: a missing PostgreSQL is then a failure, not a skip.
REQUIRE_ENV = "DEFENSE_NEWS_REQUIRE_POSTGRES"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries, or no way to run them here."""


def find_bindir() -> Path:
    """Where initdb, pg_ctl and postgres are: $DEFENSE_NEWS_PG_BINDIR, PATH, or Debian's versioned directory."""
    configured = os.environ.get("DEFENSE_NEWS_PG_BINDIR")
    if configured:
        return Path(configured)
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    # Debian/Ubuntu keep the server binaries out of PATH, one directory per major version.
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise PostgresUnavailable("PostgreSQL is not installed (apt-get install -y postgresql; .ci/run does)")
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Database:
    """One database on the cluster and how each of its roles reaches it."""

    name: str
    host: str
    port: int
    owner: str
    crawler: str
    passfile: Path  # PGPASSFILE with both roles' passwords
    passwords: dict[str, str]

    def url(self, role: str | None = None) -> str:
        """``postgresql://role@127.0.0.1:port/name``: no password, libpq reads it from PGPASSFILE."""
        return f"postgresql://{role or self.crawler}@{self.host}:{self.port}/{self.name}"

    def env(self) -> dict[str, str]:
        """The environment a process needs to connect (the password file)."""
        return {"PGPASSFILE": str(self.passfile)}


class PostgresCluster:
    def __init__(self, bindir: Path, root: Path, run_as: str | None, durable: bool = False) -> None:
        self.bindir = bindir
        # False (tests): no fsync at all. True (benchmark): fsync as a real server does, with
        # synchronous_commit off, as SQLite's synchronous=NORMAL in WAL mode (the last commits
        # may be lost in a crash, nothing is corrupted).
        self.durable = durable
        self.root = root
        self.data = root / "data"
        self.socket_dir = root
        self.run_as = run_as
        self.port = free_port()
        self.host = "127.0.0.1"
        self.superuser = "postgres"

    @classmethod
    def create(cls, durable: bool = False) -> PostgresCluster:
        bindir = find_bindir()
        run_as = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable("running as root and there is no 'postgres' user to run the server") from None
            run_as = "postgres"
        root = Path(tempfile.mkdtemp(prefix="defense_news-pg-"))
        if run_as is not None:
            shutil.chown(root, run_as, run_as)
        return cls(bindir, root, run_as, durable)

    def _run(self, *command: str | Path) -> subprocess.CompletedProcess[str]:
        argv = [str(part) for part in command]
        if self.run_as is not None:
            argv = ["runuser", "-u", self.run_as, "--", *argv]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.strip()}")
        return result

    def start(self) -> None:
        self._run(
            self.bindir / "initdb",
            "--pgdata",
            self.data,
            "--username",
            self.superuser,
            "--encoding",
            "UTF8",
            "--no-locale",
            # The superuser connects over the socket in this private directory only; every
            # other connection is TCP with a SCRAM password, as on a real deployment.
            "--auth-local",
            "trust",
            "--auth-host",
            "scram-sha-256",
            "--no-sync",
        )
        durability = ("-c synchronous_commit=off",) if self.durable else ("-c fsync=off", "-c full_page_writes=off")
        options = " ".join(
            (
                f"-c port={self.port}",
                f"-c listen_addresses={self.host}",
                f"-c unix_socket_directories={self.socket_dir}",
                *durability,
                "-c max_connections=50",
            )
        )
        self._run(
            self.bindir / "pg_ctl",
            "start",
            "--wait",
            "--pgdata",
            self.data,
            "--log",
            self.root / "server.log",
            "-o",
            options,
        )

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(self.bindir / "pg_ctl", "stop", "--wait", "--mode", "fast", "--pgdata", self.data)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def admin(self, dbname: str = "postgres") -> Any:
        """A superuser connection over the socket (autocommit)."""
        import psycopg

        return psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=self.superuser, dbname=dbname, autocommit=True
        )

    def create_database(self, name: str, passfile_dir: Path) -> Database:
        """A database owned by ``<name>_owner``; ``<name>_crawler`` may connect and nothing more yet."""
        from psycopg import sql

        owner, crawler = f"{name}_owner", f"{name}_crawler"
        passwords = {owner: os.urandom(12).hex(), crawler: os.urandom(12).hex()}
        with self.admin() as conn:
            for role, password in passwords.items():
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), password))
            conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name), sql.Identifier(owner)))
            conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(name)))
            conn.execute(
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(name), sql.Identifier(crawler))
            )
        with self.admin(name) as conn:
            # PostgreSQL 15 already takes CREATE on the public schema from PUBLIC; older ones do not.
            conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            conn.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(owner)))
        passfile = passfile_dir / f"{name}.pgpass"
        passfile.write_text("".join(f"{self.host}:{self.port}:{name}:{role}:{pw}\n" for role, pw in passwords.items()))
        passfile.chmod(0o600)  # libpq ignores a password file others can read
        return Database(name, self.host, self.port, owner, crawler, passfile, passwords)
