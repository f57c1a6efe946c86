import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Goals moved to the preparation app (their table was renamed there): point at them."""

    dependencies = [
        ("evaluation", "0001_initial"),
        ("preparation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="goalprogress",
                    name="goal",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="preparation.goal",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
