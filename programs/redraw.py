"""Kept pages drawn again by a job once a change commits, before anyone asks.

A page kept with `{% kept %}` (programs/templatetags/kept.py) is drawn again by its first
reader after each change of its program's data, which costs that reader the whole drawing,
several times what a kept page costs. So the pages register how they are drawn (the
composition does, in mentoring/apps.py), and once a change commits a job draws each of them
again for the program, in every language, as the program's first coordinator would see its
first page: the next reader finds it kept. One who comes before the job is done draws the
page, as before; a page that fails to draw is left to its reader and logged.
"""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from . import freshness
from .models import Program

logger = logging.getLogger(__name__)

# {URL name: draw(request, program)}, the page without its access checks (the job draws it
# as one of the program's coordinators).
_pages: dict[str, Callable[[HttpRequest, Program], HttpResponse]] = {}


def register(url_name: str, draw: Callable[[HttpRequest, Program], HttpResponse]) -> None:
    _pages[url_name] = draw


def registered() -> bool:
    return bool(_pages)


def redraw(program_ids: Iterable[int]) -> int:
    """Draw the registered pages of these programs under their current version (once per
    version, whoever asks again); how many pages were drawn."""
    drawn = 0
    programs = Program.objects.filter(pk__in=list(program_ids)).order_by("pk")
    current = freshness.versions(program.pk for program in programs)
    for program in programs:
        lock = f"redrawn:{program.pk}:{current[program.pk]}"
        coordinator = program.coordinators.order_by("pk").first()
        if coordinator is None or not cache.add(lock, True, freshness.CACHE_SECONDS):
            continue
        for url_name, draw in _pages.items():
            request = _request(reverse(url_name, args=[program.pk]), coordinator)
            for language, _name in settings.LANGUAGES:
                try:
                    with translation.override(language):
                        draw(request, program)
                    drawn += 1
                except Exception:  # the page's reader will draw it, and meet the error
                    logger.exception("Could not draw %s for program %s", url_name, program.pk)
    return drawn


def _request(path: str, user) -> HttpRequest:
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "80", "HTTP_HOST": "localhost"}
    request.user = user
    return request
