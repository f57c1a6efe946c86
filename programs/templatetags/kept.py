"""`{% kept %}`: a part of a page drawn once per change of its program's data.

    {% load kept %}
    {% kept program "pairs" page.number %} … {% endkept %}

The HTML is kept in the cache under the program's version (programs.freshness), the
language, the time zone and whatever else the tag is given (a page number, the query of a
filtered list), so every coordinator of the program reads the same fragment until the
program's data changes, and the next request draws it again. Everything the fragment shows
must follow from those: what is only the reader's (their name, their own marks) stays
outside it. The one exception is the CSRF token of the forms inside it, which is each
person's own: the fragment is drawn with a placeholder and the reader's token is put in on
the way out.

Whatever the fragment needs should reach it as a function the template calls (wrapped in
`functools.cache`, so it runs once), so that a kept fragment costs no query.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from programs import freshness

register = template.Library()

# What the fragment's forms carry instead of the reader's CSRF token (see csrf_token).
_TOKEN = "kept-fragment-csrf-token-placeholder"


class KeptNode(template.Node):
    def __init__(self, nodelist, program, name, vary):
        self.nodelist, self.program, self.name, self.vary = nodelist, program, name, vary

    def render(self, context):
        program = self.program.resolve(context)
        version = freshness.versions([program.pk])[program.pk]
        vary = [str(part.resolve(context)) for part in self.vary]
        vary += [get_language() or "", timezone.get_current_timezone_name()]
        digest = hashlib.sha256("\x1f".join(vary).encode()).hexdigest()
        key = f"kept:{self.name.resolve(context)}:{program.pk}:{version}:{digest}"
        html = cache.get(key)
        if html is None:
            with context.push(csrf_token=_TOKEN):
                html = self.nodelist.render(context)
            cache.set(key, html, freshness.CACHE_SECONDS)
        token = context.get("csrf_token")
        return mark_safe(html.replace(_TOKEN, str(token) if token else ""))


@register.tag
def kept(parser, token):
    """{% kept PROGRAM NAME [VARY ...] %} … {% endkept %}"""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a program, a name and what varies")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    program, name, *vary = (parser.compile_filter(bit) for bit in bits[1:])
    return KeptNode(nodelist, program, name, vary)
