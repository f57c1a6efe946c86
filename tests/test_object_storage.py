"""More than one machine: with S3_BUCKET set, files live in an S3-compatible object store.
A local one (moto's server mode) runs on loopback; a worker process builds a report into
it, and a separate web process, with a media folder of its own (empty), serves it through
the view that checks who asks. The two share nothing but PostgreSQL, Redis and the store."""

import http.cookiejar
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import boto3
import psycopg
import pytest
import redis
from moto.server import ThreadedMotoServer

from tests.stack import PYTHON, ROOT, manage, stack_env, worker

REQUEST = (
    "from evaluation import services; from programs.models import Program; "
    "p = Program.objects.get(name__startswith='Competencias'); "
    "r = services.report_request(program=p, actor=p.coordinators.first()); "
    "print(p.pk, r.pk)"
)
STATUS = "from evaluation.models import Report; print(Report.objects.get(pk={pk}).status)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def object_store():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="eu-west-1",
    )
    s3.create_bucket(
        Bucket="mentoring-files", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    yield endpoint, s3
    server.stop()


@pytest.fixture
def database():
    """A database of its own on the machine's PostgreSQL, dropped afterwards."""
    name = f"mentoring_stack_{uuid.uuid4().hex[:8]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    try:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        pytest.fail(f"This test needs PostgreSQL on 127.0.0.1:5432 ({error})")
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def logged_in_opener(base: str, username: str, password: str):
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request, timeout=30)
    return opener


def test_a_worker_builds_a_report_into_the_store_and_another_process_serves_it(
    tmp_path, object_store, database
):
    endpoint, s3 = object_store
    broker = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
    redis.Redis.from_url(broker).flushdb()
    port = free_port()
    common = {
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": broker,
        "S3_BUCKET": "mentoring-files",
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "eu-west-1",
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "DEBUG": "true",
        "PORT": str(port),
    }
    env = stack_env(tmp_path, **common, MEDIA_ROOT=str(tmp_path / "setup-media"))
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "-v0")
    program_id, report_id = manage(env, "shell", "-c", REQUEST).split()

    builder = worker(
        stack_env(tmp_path, **common, MEDIA_ROOT=str(tmp_path / "worker-media")),
        tmp_path / "worker.log",
        "-Q",
        "reports",
        "--pool=solo",
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if manage(env, "shell", "-c", STATUS.format(pk=report_id)) in ("ready", "failed"):
                break
            time.sleep(1)
    finally:
        builder.terminate()
        builder.wait(timeout=30)
    assert manage(env, "shell", "-c", STATUS.format(pk=report_id)) == "ready"
    stored = s3.list_objects_v2(Bucket="mentoring-files", Prefix="media/reports/")
    (key,) = [item["Key"] for item in stored.get("Contents", [])]
    content = s3.get_object(Bucket="mentoring-files", Key=key)["Body"].read()
    assert content.startswith(b"%PDF")

    web_media = tmp_path / "web-media"
    web = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=stack_env(tmp_path, **common, MEDIA_ROOT=str(web_media)),
        stdout=(tmp_path / "web.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    download = f"{base}/programs/{program_id}/reports/{report_id}/download/"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        # Nobody logged in: sent to log in, never given the file.
        anonymous = urllib.request.urlopen(download, timeout=30)
        assert "/accounts/login/" in anonymous.url
        served = logged_in_opener(base, "laura.martin", "mentoring-demo").open(download, timeout=60)
        assert served.headers["Content-Type"] == "application/pdf"
        assert served.read() == content
        # A coordinator of other programs gets nothing.
        with pytest.raises(urllib.error.HTTPError) as refused:
            logged_in_opener(base, "javier.ruiz", "mentoring-demo").open(download, timeout=30)
        assert refused.value.code == 404
    finally:
        web.terminate()
        web.wait(timeout=30)
    # Neither process kept a file of its own.
    assert not any(path.is_file() for path in (tmp_path / "worker-media").rglob("*"))
    assert not web_media.exists() or not any(path.is_file() for path in web_media.rglob("*"))
