from django.db import migrations


class Migration(migrations.Migration):
    """Phase 3's tables get this app's names, once every older migration that refers to them
    by their first names has run (the databases follow the references)."""

    dependencies = [
        ("preparation", "0001_initial"),
        ("evaluation", "0002_goal_of_preparation"),
        ("meetings", "0004_phase_three_and_outbox_move_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="goal", table=None),
        migrations.AlterModelTable(name="programguide", table=None),
        migrations.AlterModelTable(name="goalphase", table=None),
        migrations.AlterModelTable(name="trainingcompletion", table=None),
        migrations.AlterModelTable(name="welcomemessage", table=None),
    ]
