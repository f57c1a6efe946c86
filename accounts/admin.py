from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import security
from .models import SecurityEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Reverse mentoring"), {"fields": ["role", "language"]}),
    ]

    def save_model(self, request, obj, form, change):
        before = security.roles_of(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            security.role_changed(user=obj, before=before, actor=request.user, request=request)

    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Reverse mentoring"), {"fields": ["email", "first_name", "last_name", "role"]}),
    ]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "username", "actor", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
