from django.contrib import admin

from .models import Agreement, Concern, Meeting, Task


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["pair", "starts_at", "status", "logged_at"]
    list_filter = ["status"]
    date_hierarchy = "starts_at"


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    list_display = ["pair", "raised_by", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]


for model in (Agreement, Task):
    admin.site.register(model)
