from django.contrib import admin

from .models import Goal, GoalPhase, ProgramGuide, TrainingCompletion, WelcomeMessage


class GoalPhaseInline(admin.TabularInline):
    model = GoalPhase
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["text", "pair", "owner", "selected", "priority"]
    list_filter = ["owner", "selected"]
    inlines = [GoalPhaseInline]


for model in (ProgramGuide, TrainingCompletion, WelcomeMessage):
    admin.site.register(model)
