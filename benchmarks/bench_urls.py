"""The project's pages, and the bare page the pages benchmark measures beside them: the same
stack (every middleware, the session, the login check) and one query, a few bytes out."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from mentoring.urls import urlpatterns as project
from programs.models import Program


@login_required
def bare(request):
    return HttpResponse(f"<!doctype html><title>bare</title>{Program.objects.count()}")


urlpatterns = [path("benchmark/bare/", bare), *project]
