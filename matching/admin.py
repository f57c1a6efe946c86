from django.contrib import admin

from .models import Call, Candidate, CandidateStatusChange, MatchingCriteria, Pair, PairBan


class StatusChangeInline(admin.TabularInline):
    model = CandidateStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "created_at"]
    can_delete = False


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["program", "status", "deadline", "opened_at", "closed_at"]
    list_filter = ["status"]
    list_select_related = ["program"]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "program", "desired_role", "status", "created_at"]
    list_filter = ["status", "desired_role", "source"]
    search_fields = ["full_name", "email", "department"]
    list_select_related = ["program"]
    readonly_fields = ["access_token", "consent_at", "anonymised_at"]
    inlines = [StatusChangeInline]


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["mentor", "mentee", "program", "score", "locked", "published_at"]
    list_filter = ["locked"]
    search_fields = ["mentor__full_name", "mentee__full_name"]
    list_select_related = ["mentor", "mentee", "program"]


admin.site.register(MatchingCriteria)
admin.site.register(PairBan)
