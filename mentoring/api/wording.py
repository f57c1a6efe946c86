"""Messages that Django's forms and Django REST Framework both say: DRF's Spanish catalogue
would otherwise win over Django's in every form of the site ("Este campo es requerido."),
so the product's catalogue, which comes first, says them once, as Django does."""

from django.utils.translation import gettext_noop

SHARED_WITH_DJANGO = [
    gettext_noop("This field is required."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
    gettext_noop("Value must be valid JSON."),
]
