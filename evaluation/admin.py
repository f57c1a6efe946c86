from django.contrib import admin

from .models import Evaluation, Interview, Report, Response


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["program", "kind", "launched_at", "closes_on"]
    list_filter = ["kind"]
    list_select_related = ["program"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["respondent", "evaluation", "role", "submitted_at"]
    list_filter = ["evaluation__kind", "role"]
    search_fields = ["respondent__email", "respondent__last_name"]
    list_select_related = ["respondent", "evaluation__program"]
    raw_id_fields = ["respondent", "candidate"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["participant", "program", "held_on"]
    list_select_related = ["participant", "program"]
    raw_id_fields = ["participant", "interviewer"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["program", "pair", "status", "requested_at", "finished_at", "pages"]
    list_filter = ["status"]
    list_select_related = ["program", "pair"]
    readonly_fields = ["error"]
