"""Content that coordinators write in more than one language.

A translatable model keeps its texts in the program's language in its ordinary fields,
and the other languages' versions in `translations` ({"en": {"name": "…"}}). Each reader
gets their language; a text nobody translated falls back to the program's language, and
`local` says so, for the page to show a note.

Adding a language to settings.LANGUAGES adds its fields to the forms that edit these
texts: no migration is needed.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import translation


@dataclass(frozen=True)
class Local:
    """A translatable object's texts in one language, and whether any fell back."""

    texts: dict[str, str]
    language: str
    fallback: bool  # some text is in the program's language instead

    def __getattr__(self, name: str) -> str:
        try:
            return self.texts[name]
        except KeyError:
            raise AttributeError(name) from None


class Translatable(models.Model):
    """Mix into a model with a `program` and list its translated fields in TRANSLATED."""

    TRANSLATED: tuple[str, ...] = ()

    translations = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def source_language(self) -> str:
        return self.program.language

    def text(self, field: str, language: str | None = None) -> tuple[str, bool]:
        """The field in this language, and whether it fell back to the program's."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        source = getattr(self, field)
        if language == self.source_language:
            return source, False
        translated = self.translations.get(language, {}).get(field, "")
        if translated or not source:
            return translated, False
        return source, True

    def in_language(self, language: str | None = None) -> Local:
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        texts, fallback = {}, False
        for field in self.TRANSLATED:
            texts[field], fell_back = self.text(field, language)
            fallback = fallback or fell_back
        return Local(texts=texts, language=language, fallback=fallback)

    @property
    def local(self) -> Local:
        """The texts in the active language (the reader's)."""
        return self.in_language()

    def set_translation(self, language: str, **texts: str) -> None:
        """Keep these texts for this language (empty ones are forgotten)."""
        kept = {field: value for field, value in texts.items() if value}
        translations = {**self.translations}
        if kept:
            translations[language] = kept
        else:
            translations.pop(language, None)
        self.translations = translations


def other_languages(language: str) -> list[tuple[str, str]]:
    """The product's languages other than this one: (code, name)."""
    return [(code, name) for code, name in settings.LANGUAGES if code != language]


def with_defaults(model, program, defaults, **fields):
    """An unsaved object of a translatable model holding its default texts in every
    language: `defaults(language)` gives the texts of one, the program's go in the fields."""
    texts = {language: defaults(language) for language, _name in settings.LANGUAGES}
    unsaved = model(program=program, **fields, **texts[program.language])
    for language, other in texts.items():
        if language != program.language:
            unsaved.set_translation(language, **other)
    return unsaved
