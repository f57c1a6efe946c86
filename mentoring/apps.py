from django.apps import AppConfig


class MentoringConfig(AppConfig):
    """The composition of the phases (the dashboard, the participant's start page, the
    post-login router, seed_demo): the one app that imports every other."""

    name = "mentoring"
    verbose_name = "Reverse mentoring"

    def ready(self):
        from evaluation.views import results_draw
        from matching.intake.views import candidate_list_draw
        from matching.pairing.views import pairs_page_draw
        from programs.redraw import register
        from sessions.views import pairs_overview_draw

        from .views import program_dashboard_draw

        # The kept pages a job draws again after each change (programs.redraw).
        register("program_dashboard", program_dashboard_draw)
        register("matching:candidates", candidate_list_draw)
        register("matching:pairs", pairs_page_draw)
        register("sessions:pairs_overview", pairs_overview_draw)
        register("evaluation:results", results_draw)
