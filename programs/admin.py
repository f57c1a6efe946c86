from django.contrib import admin

from .models import LearningObjective, Program, ProgramLogEntry, Skill


class LearningObjectiveInline(admin.TabularInline):
    model = LearningObjective
    extra = 0


class SkillInline(admin.TabularInline):
    model = Skill
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date", "status"]
    list_filter = ["status"]
    search_fields = ["name", "focus"]
    filter_horizontal = ["coordinators", "hr_contacts"]
    inlines = [LearningObjectiveInline, SkillInline]


@admin.register(ProgramLogEntry)
class ProgramLogEntryAdmin(admin.ModelAdmin):
    list_display = ["program", "actor", "action", "created_at"]
    list_filter = ["action"]
    list_select_related = ["program", "actor"]
