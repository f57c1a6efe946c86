"""A real CalDAV server for the calendar tests: Radicale, started on loopback with a user
and a password, its collections in a temporary folder."""

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass

import caldav


@dataclass
class Radicale:
    root: str
    port: int
    username: str
    password: str

    def client(self, password: str | None = None) -> caldav.DAVClient:
        return caldav.DAVClient(
            url=self.root, username=self.username, password=password or self.password
        )

    def calendar_make(self, name: str = "meetings") -> str:
        calendar = self.client().principal().make_calendar(name=name, cal_id=name)
        return str(calendar.url)

    def events(self, calendar_url: str) -> list:
        calendar = self.client().calendar(url=calendar_url)
        return [event.icalendar_component for event in calendar.events()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def radicale(folder, username="lucia", password="app-password-1", port=None):
    """Radicale serving `folder`; started again with the same folder and port, it is the
    same server back after an outage."""
    users = folder / "users"
    users.write_text(f"{username}:{password}\n")
    port = port or _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(folder / "collections"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(users),
            "--auth-htpasswd-encryption",
            "plain",
            # The caldav client asks without a password first; Radicale's pause after a
            # failed login would slow every test down.
            "--auth-delay",
            "0",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"Radicale did not start: {process.stderr.read().decode()}"
                    ) from None
                time.sleep(0.1)
        yield Radicale(f"http://127.0.0.1:{port}/", port, username, password)
    finally:
        process.terminate()
        process.wait(timeout=10)
