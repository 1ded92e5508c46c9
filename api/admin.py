from django.contrib import admin, messages
from django.utils import timezone

from .models import ApiKey


class KeyStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("revoked", "Revoked")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.active()
        if self.value() == "revoked":
            return queryset.exclude(revoked_at=None)
        return queryset


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "active", "last_used_at", "request_count", "created_at")
    list_filter = (KeyStatusFilter,)
    search_fields = ("name", "contact", "prefix")
    date_hierarchy = "created_at"
    fields = (
        "name",
        "contact",
        "prefix",
        "created_at",
        "last_used_at",
        "request_count",
        "revoked_at",
    )
    readonly_fields = ("prefix", "created_at", "last_used_at", "request_count", "revoked_at")
    actions = ["revoke"]

    @admin.display(boolean=True, description="active")
    def active(self, key):
        return key.is_active()

    def save_model(self, request, obj, form, change):
        secret = None if change else obj.issue()
        super().save_model(request, obj, form, change)
        if secret:
            # Shown once: only the digest is stored, so it cannot be shown again.
            messages.warning(
                request,
                f"The key for “{obj.name}” is {secret} — copy it now and give it to the "
                "partner: it is not stored and cannot be shown again.",
            )

    @admin.action(description="Revoke the selected keys (requests with them are refused)")
    def revoke(self, request, queryset):
        count = queryset.active().update(revoked_at=timezone.now())
        messages.success(request, f"Revoked {count} key(s).")

    def has_delete_permission(self, request, obj=None):
        # Revoked, not deleted: their usage stays on record.
        return False
