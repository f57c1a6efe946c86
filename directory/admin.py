from django.contrib import admin

from .models import DirectoryImport, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """The directory comes from the HR system's file: read here, changed there."""

    list_display = ["full_name", "employee_id", "email", "department", "grade", "active"]
    list_filter = ["active", "department"]
    search_fields = ["full_name", "email", "employee_id"]
    readonly_fields = [field.name for field in Person._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(DirectoryImport)
class DirectoryImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "created_by", "created_at", "applied_at"]
    list_filter = ["status"]
    exclude = ["rows"]
    readonly_fields = ["file_name", "status", "changes", "flags", "created_by", "applied_at"]

    def has_add_permission(self, request):
        return False
