from django.apps import AppConfig


class MentoringConfig(AppConfig):
    """The composition of the phases (the dashboard, the participant's start page, the
    post-login router, seed_demo): the one app that imports every other."""

    name = "mentoring"
    verbose_name = "Reverse mentoring"
