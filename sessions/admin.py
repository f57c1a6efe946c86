from django.contrib import admin

from .models import (
    Agreement,
    Concern,
    Goal,
    GoalPhase,
    Meeting,
    Notification,
    ProgramGuide,
    Task,
    TrainingCompletion,
    WelcomeMessage,
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "program", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["recipient__email", "subject"]
    list_select_related = ["recipient", "program"]
    readonly_fields = ["error"]


class GoalPhaseInline(admin.TabularInline):
    model = GoalPhase
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["text", "pair", "owner", "selected", "priority"]
    list_filter = ["owner", "selected"]
    inlines = [GoalPhaseInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["pair", "starts_at", "status", "logged_at"]
    list_filter = ["status"]
    date_hierarchy = "starts_at"


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    list_display = ["pair", "raised_by", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]


for model in (Agreement, ProgramGuide, Task, TrainingCompletion, WelcomeMessage):
    admin.site.register(model)
