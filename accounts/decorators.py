from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .two_factor import needs_second_factor, redirect_with_next


def coordinator_required(view):
    """Only HR staff who coordinate programs (and superusers) may use this view."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_coordinator:
            raise PermissionDenied
        # People's data behind a password only: the second step first, where it applies.
        if target := needs_second_factor(request):
            return redirect_with_next(target, request)
        return view(request, *args, **kwargs)

    return wrapper
