import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("goal", "goalphase", "programguide", "trainingcompletion", "welcomemessage")


def content_types_move(apps, schema_editor):
    """Keep the admin's history and permissions of these models: they changed app."""
    content_types = apps.get_model("contenttypes", "ContentType").objects
    content_types.filter(app_label="meetings", model__in=MODELS).update(app_label="preparation")


def content_types_back(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    content_types.filter(app_label="preparation", model__in=MODELS).update(app_label="meetings")


class Migration(migrations.Migration):
    initial = True

    # Phase 3's tables were created by the meetings app's first migrations, before phase 3
    # had an app of its own: this takes them over (state only); 0002 renames them.
    dependencies = [
        ("meetings", "0003_alter_notification_kind"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("matching", "0002_matchingcriteria_pair_pairban"),
        ("programs", "0005_audit_actions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Goal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "owner",
                            models.CharField(
                                choices=[("mentee", "Mentee"), ("mentor", "Mentor")],
                                max_length=10,
                                verbose_name="whose goal",
                            ),
                        ),
                        (
                            "mentor_area",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("leadership", "Leadership development"),
                                    ("organisation", "Organisational knowledge"),
                                    ("communication", "Communication effectiveness"),
                                    ("values", "Work values and approaches"),
                                    ("interpersonal", "Interpersonal skills"),
                                ],
                                max_length=20,
                                verbose_name="what the mentor gains",
                            ),
                        ),
                        (
                            "session_number",
                            models.PositiveSmallIntegerField(
                                default=1, verbose_name="session number"
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("text", models.CharField(max_length=300, verbose_name="goal")),
                        ("selected", models.BooleanField(default=False, verbose_name="selected")),
                        (
                            "priority",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="priority"
                            ),
                        ),
                        ("specific", models.TextField(blank=True, verbose_name="specific")),
                        ("measurable", models.TextField(blank=True, verbose_name="measurable")),
                        ("achievable", models.TextField(blank=True, verbose_name="achievable")),
                        ("relevant", models.TextField(blank=True, verbose_name="relevant")),
                        ("time_bound", models.TextField(blank=True, verbose_name="time-bound")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "pair",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="goals",
                                to="matching.pair",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "meetings_goal",
                        "verbose_name": "goal",
                        "verbose_name_plural": "goals",
                        "ordering": ["pair", "owner", "-selected", "priority", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="ProgramGuide",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "principles",
                            models.TextField(verbose_name="principles of reverse mentoring"),
                        ),
                        ("instructions", models.TextField(verbose_name="instructions to begin")),
                        ("principles_html", models.TextField(default="", editable=False)),
                        ("instructions_html", models.TextField(default="", editable=False)),
                        (
                            "training_required",
                            models.BooleanField(
                                default=False,
                                verbose_name="mentors must complete their training before the first meeting",
                            ),
                        ),
                        (
                            "program",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="guide",
                                to="programs.program",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "meetings_programguide",
                        "verbose_name": "program guide",
                        "verbose_name_plural": "program guides",
                    },
                ),
                migrations.CreateModel(
                    name="GoalPhase",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "number",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (1, "Phase 1: a first, very easy step"),
                                    (2, "Phase 2: the main development"),
                                    (3, "Phase 3: make it a habit"),
                                ],
                                verbose_name="phase",
                            ),
                        ),
                        (
                            "description",
                            models.CharField(max_length=300, verbose_name="what to do"),
                        ),
                        ("due_date", models.DateField(verbose_name="due date")),
                        (
                            "done_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="done"),
                        ),
                        (
                            "goal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="phases",
                                to="preparation.goal",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "meetings_goalphase",
                        "verbose_name": "goal phase",
                        "verbose_name_plural": "goal phases",
                        "ordering": ["goal", "number"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("goal", "number"), name="goal_phase_unique"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("number__gte", 1), ("number__lte", 3)),
                                name="goal_phase_number_range",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TrainingCompletion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("module", models.CharField(max_length=30, verbose_name="module")),
                        (
                            "completed_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="completed"),
                        ),
                        (
                            "program",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="programs.program",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="training_completions",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "meetings_trainingcompletion",
                        "verbose_name": "training completion",
                        "verbose_name_plural": "training completions",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("program", "user", "module"),
                                name="training_completion_unique",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="WelcomeMessage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "audience",
                            models.CharField(
                                choices=[
                                    ("mentor", "Mentors"),
                                    ("mentee", "Mentees"),
                                    ("both", "Mentor and mentee at once"),
                                ],
                                max_length=10,
                                verbose_name="audience",
                            ),
                        ),
                        (
                            "language",
                            models.CharField(
                                choices=[("es", "Spanish"), ("en", "English")],
                                max_length=10,
                                verbose_name="language",
                            ),
                        ),
                        ("subject", models.CharField(max_length=200, verbose_name="subject")),
                        ("body", models.TextField(verbose_name="body")),
                        (
                            "program",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="welcome_messages",
                                to="programs.program",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "meetings_welcomemessage",
                        "verbose_name": "welcome message",
                        "verbose_name_plural": "welcome messages",
                        "ordering": ["program", "audience", "language"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("program", "audience", "language"),
                                name="welcome_message_unique",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_move, content_types_back),
    ]
