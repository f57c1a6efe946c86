"""Phase 3 moved from the meetings app to the preparation app and the outbox to the
notifications app: a database holding the demo as the earlier schema made it keeps every
row through the migrations.

The demo was dumped (manage.py dumpdata) by the code of the earlier schema, commit 5c467e3.
"""

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

DUMP = Path(__file__).parent / "migrations_data" / "demo_before_the_split.json.gz"

BEFORE = [
    ("accounts", "0002_user_receives_reminders"),
    ("programs", "0004_alter_programlogentry_action"),
    ("matching", "0002_matchingcriteria_pair_pairban"),
    ("meetings", "0003_alter_notification_kind"),
    ("evaluation", "0001_initial"),
]
MOVED = ["goal", "goalphase", "welcomemessage", "programguide", "trainingcompletion"]


def load(apps, rows: list[dict]) -> None:
    """dumpdata's rows into the historical models, as loaddata would into today's."""
    for row in rows:
        model = apps.get_model(row["model"])
        values, related = {}, {}
        for name, value in row["fields"].items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                related[name] = value
            else:
                values[field.attname] = value
        instance = model(pk=row["pk"], **values)
        instance.save_base(raw=True)
        for name, ids in related.items():
            getattr(instance, name).set(ids)


def migrate(targets):
    """Migrate the database to exactly these nodes; the models as they were there."""
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def schema_restored(transactional_db):
    yield
    call_command("migrate", verbosity=0)


def test_the_demo_of_the_earlier_schema_survives_the_new_layout(schema_restored):
    rows = json.loads(gzip.decompress(DUMP.read_bytes()))
    counts = Counter(row["model"] for row in rows)
    old = migrate(BEFORE)
    load(old, rows)
    # A logged meeting that moved a goal phase (the demo has none yet).
    meeting = old.get_model("meetings", "Meeting").objects.order_by("pk").first()
    phase = old.get_model("meetings", "GoalPhase").objects.order_by("pk").last()
    meeting.phases_moved.add(phase)
    old_notifications = list(
        old.get_model("meetings", "Notification").objects.values_list("kind", "status")
    )
    notified = old.get_model("matching", "Pair").objects.filter(mentor_notified_at__isnull=False)
    published_notices = 2 * notified.count()

    new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # today's schema

    for name in MOVED:
        model = new.get_model("preparation", name)
        assert model._meta.db_table == f"preparation_{name}"
        assert model.objects.count() == counts[f"meetings.{name}"], name
    Meeting = new.get_model("meetings", "Meeting")
    assert Meeting.objects.count() == counts["meetings.meeting"]
    assert list(Meeting.objects.get(pk=meeting.pk).phases_moved.values_list("pk", flat=True)) == [
        phase.pk
    ]
    GoalProgress = new.get_model("evaluation", "GoalProgress")
    assert GoalProgress.objects.count() == counts["evaluation.goalprogress"] > 0
    assert (
        GoalProgress.objects.filter(goal__text__isnull=False).count()
        == (counts["evaluation.goalprogress"])
    )

    outbox = new.get_model("notifications", "Notification").objects
    copied = outbox.exclude(kind="matching.pair_published")
    assert sorted(copied.values_list("kind", "status")) == sorted(
        (
            {"welcome": "preparation.", "questionnaire_invitation": "evaluation."}.get(
                kind, "sessions."
            )
            + kind,
            status,
        )
        for kind, status in old_notifications
    )
    assert outbox.filter(kind="matching.pair_published", status="sent").count() == (
        published_notices
    )
    welcome = outbox.filter(kind="preparation.welcome").first()
    assert welcome.email == welcome.recipient.email and welcome.group.startswith("program:")

    actions = set(
        new.get_model("programs", "ProgramLogEntry").objects.values_list("action", flat=True)
    )
    assert actions and all("." in action for action in actions)
    content_types = new.get_model("contenttypes", "ContentType").objects
    assert not content_types.filter(app_label="meetings", model__in=MOVED).exists()

    # The default catalogue's skills of the programs already there are now bilingual.
    safety = new.get_model("programs", "Skill").objects.filter(name="Safety").first()
    assert safety.translations["en"]["name"] == "Safety"
    assert (
        "Excel"
        in safety.program.skills.get(name__startswith="Spreadsheets").translations["en"]["name"]
    )
