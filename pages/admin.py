from django.contrib import admin

from .models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "slug",
        "is_published",
        "in_header",
        "in_footer",
        "position",
        "is_privacy_notice",
    )
    list_filter = ("is_published", "in_header", "in_footer")
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        (
            "Where it appears",
            {"fields": ("is_published", "in_header", "in_footer", "position", "is_privacy_notice")},
        ),
    )
