"""Limits on what anyone may ask for again and again (emails to an address, applications),
counted in Django's cache (Redis when configured) with django-ratelimit."""

from django_ratelimit.core import is_ratelimited

# (requests, per) for each kind of request, by address of the visitor unless said.
PASSWORD_RESET_PER_ADDRESS = "20/h"
PASSWORD_RESET_PER_EMAIL = "3/h"
APPLICATIONS_PER_ADDRESS = "60/h"  # many people apply from one office network
PRIVATE_LINK_PER_EMAIL = "3/d"


def limited(request, group: str, rate: str, key: str = "ip") -> bool:
    """True once this visitor (or this `key`, such as "post:email") went over the rate;
    counting this request."""
    return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
