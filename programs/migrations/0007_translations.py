from django.conf import settings
from django.db import migrations, models
from django.utils import translation


def default_skills_translated(apps, schema_editor):
    """The skills that are still the default catalogue's (named as it names them, in any
    language) get its other languages."""
    from programs.catalogue import DEFAULT_COMPETENCES, DEFAULT_TOOLS

    Skill = apps.get_model("programs", "Skill")
    entries = DEFAULT_COMPETENCES + DEFAULT_TOOLS
    languages = [code for code, _name in settings.LANGUAGES]
    texts = {}
    for language in languages:
        with translation.override(language):
            texts[language] = [(str(name), str(description)) for name, description in entries]
    position = {
        name: index for language in languages for index, (name, _d) in enumerate(texts[language])
    }
    for skill in Skill.objects.select_related("program").filter(translations={}):
        index = position.get(skill.name)
        if index is not None:
            skill.translations = {
                language: {
                    "name": texts[language][index][0],
                    "description": texts[language][index][1],
                }
                for language in languages
                if language != skill.program.language
            }
            skill.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0006_text_length_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="skill",
            name="translations",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(default_skills_translated, migrations.RunPython.noop),
    ]
