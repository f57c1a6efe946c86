"""Phase 3's models now live in the preparation app (which took their tables over), and the
emails in the notifications app's outbox: copy every email recorded here into it, then drop
this app's table."""

from django.db import migrations, models

# The kinds this app wrote, by the app that writes them now.
KIND_APPS = {
    "welcome": "preparation",
    "questionnaire_invitation": "evaluation",
    "questionnaire_reminder": "evaluation",
}


def outbox_copy(apps, schema_editor):
    Old = apps.get_model("meetings", "Notification")
    New = apps.get_model("notifications", "Notification")
    copies = []
    for old in Old.objects.select_related("recipient").order_by("pk").iterator():
        app = KIND_APPS.get(old.kind, "sessions")
        # The welcome is about the program; the others about the object the slot names.
        about = old.program_id if old.kind == "welcome" else old.object_id
        copies.append(
            New(
                kind=f"{app}.{old.kind}",
                recipient_id=old.recipient_id,
                email=old.recipient.email,
                language=old.recipient.language,
                about_id=about,
                key=str(about) if old.kind == "welcome" else old.slot,
                group=f"program:{old.program_id}",
                status=old.status,
                subject=old.subject,
                error=old.error,
                attempts=old.attempts,
                sent_at=old.sent_at,
            )
        )
    created = New.objects.bulk_create(copies, batch_size=500)
    # created_at is set on insert; keep the original times.
    for new, old in zip(created, Old.objects.order_by("pk").iterator(), strict=True):
        new.created_at = old.created_at
    New.objects.bulk_update(created, ["created_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_alter_notification_kind"),
        ("preparation", "0001_initial"),
        ("evaluation", "0002_goal_of_preparation"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="meeting",
                    name="phases_moved",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="meetings",
                        to="preparation.goalphase",
                        verbose_name="goal phases moved",
                    ),
                ),
                migrations.DeleteModel(name="GoalPhase"),
                migrations.DeleteModel(name="Goal"),
                migrations.DeleteModel(name="ProgramGuide"),
                migrations.DeleteModel(name="TrainingCompletion"),
                migrations.DeleteModel(name="WelcomeMessage"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(outbox_copy, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notification"),
    ]
