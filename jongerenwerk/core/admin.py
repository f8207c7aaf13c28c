from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core import services
from jongerenwerk.core.models import (
    AuditEvent,
    Invitation,
    Membership,
    Neighbourhood,
    Organisation,
    OutboxMessage,
    Team,
    User,
)

# The youth register is not in the admin: platform staff have no business with young people's records.


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_trainer", "is_active"]
    list_filter = ["is_staff", "is_trainer", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        (_("Platform roles"), {"fields": ["is_active", "is_staff", "is_trainer", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class NeighbourhoodInline(admin.TabularInline):
    model = Neighbourhood
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "status", "created_at", "approved_at"]
    list_filter = ["status", "province"]
    search_fields = ["name"]
    readonly_fields = ["status", "created_at", "approved_at"]
    inlines = [NeighbourhoodInline]
    actions = ["approve"]

    @admin.action(description=_("Approve the selected organisations and invite their administrators"))
    def approve(self, request, queryset):
        approved = sum(services.organisation_approve(organisation=o, by=request.user) for o in queryset)
        self.message_user(request, _("%(count)d organisation(s) approved.") % {"count": approved}, messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "status", "expires_at", "sent_at"]
    list_filter = ["status", "role"]
    readonly_fields = ["token", "created_at", "sent_at", "accepted_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "target_type", "target_id", "organisation"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "target_id"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["task_name", "created_at", "published_at", "attempts"]
    list_filter = ["task_name"]
