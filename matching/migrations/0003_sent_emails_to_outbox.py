"""The application confirmations and publication notices were marked sent on the rows
themselves; the outbox records every email now. Keep what was sent there, then drop the
marks."""

from django.db import migrations


def sent_to_outbox(apps, schema_editor):
    Candidate = apps.get_model("matching", "Candidate")
    Pair = apps.get_model("matching", "Pair")
    Notification = apps.get_model("notifications", "Notification")
    sent = []
    for candidate in Candidate.objects.filter(confirmation_sent_at__isnull=False).iterator():
        sent.append(
            Notification(
                kind="matching.application_confirmation",
                email=candidate.email,
                language=candidate.language,
                about_id=candidate.pk,
                key=str(candidate.pk),
                group=f"program:{candidate.program_id}",
                status="sent",
                sent_at=candidate.confirmation_sent_at,
                attempts=1,
            )
        )
    pairs = Pair.objects.select_related("mentor_user", "mentee_user")
    for pair in pairs.filter(published_at__isnull=False).iterator():
        for user, sent_at in (
            (pair.mentor_user, pair.mentor_notified_at),
            (pair.mentee_user, pair.mentee_notified_at),
        ):
            if user is not None and sent_at is not None:
                sent.append(
                    Notification(
                        kind="matching.pair_published",
                        recipient=user,
                        email=user.email,
                        language=user.language,
                        about_id=pair.pk,
                        key=str(pair.pk),
                        group=f"program:{pair.program_id}",
                        status="sent",
                        sent_at=sent_at,
                        attempts=1,
                    )
                )
    Notification.objects.bulk_create(sent, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_matchingcriteria_pair_pairban"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(sent_to_outbox, migrations.RunPython.noop),
        migrations.RemoveField(model_name="candidate", name="confirmation_sent_at"),
        migrations.RemoveField(model_name="pair", name="mentor_notified_at"),
        migrations.RemoveField(model_name="pair", name="mentee_notified_at"),
    ]
