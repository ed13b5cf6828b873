"""Django's own admins of users and groups, with the site's guard on changelist input."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from content.admin_input import AdminInputMixin


class SiteUserAdmin(AdminInputMixin, UserAdmin):
    pass


class SiteGroupAdmin(AdminInputMixin, GroupAdmin):
    pass


for model, model_admin in ((User, SiteUserAdmin), (Group, SiteGroupAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
