"""The admins other packages register (users and groups, login records), with the site's guard
on changelist input."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from content.admin_input import AdminInputMixin


class SiteUserAdmin(AdminInputMixin, UserAdmin):
    pass


class SiteGroupAdmin(AdminInputMixin, GroupAdmin):
    pass


GUARDED = {
    User: SiteUserAdmin,
    Group: SiteGroupAdmin,
    **{
        model: type(model_admin.__name__, (AdminInputMixin, model_admin), {})
        for model, model_admin in (
            (AccessAttempt, AccessAttemptAdmin),
            (AccessLog, AccessLogAdmin),
            (AccessFailureLog, AccessFailureLogAdmin),
        )
    },
}

for model, model_admin in GUARDED.items():
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)
