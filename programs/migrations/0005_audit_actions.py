from django.db import migrations, models

# The actions had a fixed list of choices in this app; they are now namespaced by the app
# that records them and registered at start-up (programs.audit).
RENAMED = {
    "created": "programs.created",
    "updated": "programs.updated",
    "catalogue_updated": "programs.catalogue_updated",
    "archived": "programs.archived",
    "restored": "programs.restored",
    "call_opened": "matching.call_opened",
    "call_closed": "matching.call_closed",
    "candidates_imported": "matching.candidates_imported",
    "candidate_erased": "matching.candidate_erased",
    "pairs_published": "matching.pairs_published",
    "midpoint_launched": "evaluation.midpoint_launched",
    "evaluation_launched": "evaluation.launched",
    "report_requested": "evaluation.report_requested",
}


def rename(apps, mapping):
    entries = apps.get_model("programs", "ProgramLogEntry").objects
    for old, new in mapping.items():
        entries.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    rename(apps, RENAMED)


def backwards(apps, schema_editor):
    rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('programs', '0004_alter_programlogentry_action'),
    ]

    operations = [
        migrations.AddField(
            model_name='programlogentry',
            name='data',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name='programlogentry',
            name='action',
            field=models.CharField(max_length=60, verbose_name='action'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
