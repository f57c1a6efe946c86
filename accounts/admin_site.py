"""The Django admin behind the same second step as the coordinators' pages: a superuser
who set up two-step verification reaches it only from a session that passed it, and none
without it when it is mandatory."""

from django.contrib import admin
from django.shortcuts import redirect

from .two_factor import needs_second_factor, redirect_with_next


class AdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def second_step_first(request, *args, **kwargs):
            if target := needs_second_factor(request):
                return redirect_with_next(target, request)
            return inner(request, *args, **kwargs)

        return second_step_first

    def login(self, request, extra_context=None):
        # One login page for everybody, which knows the second step.
        return redirect(f"/accounts/login/?{request.GET.urlencode()}")
