import socket
import threading

import pytest
from aiosmtpd.controller import Controller


class FlakyMailServer:
    """An SMTP server on loopback that answers "try again later" (451) while `refusing`,
    refuses for good (550) addresses starting with "nobody", and keeps what it accepts."""

    def __init__(self):
        self.refusing = True
        self.received: list[tuple[str, bytes]] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody"):
            return "550 5.1.1 No such user here"
        if self.refusing:
            return "451 4.3.0 Mail server busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for address in envelope.rcpt_tos:
                self.received.append((address, envelope.content))
        return "250 Message accepted"

    def count(self, address: str) -> int:
        return sum(1 for to, _content in self.received if to == address)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server(settings):
    """A real mail server the product sends to over SMTP, on 127.0.0.1."""
    server = FlakyMailServer()
    controller = Controller(server, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        controller.stop()
