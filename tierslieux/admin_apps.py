"""Django's admin, with the project's site (tierslieux.admin_site) as `admin.site`.

A module of its own: `tierslieux.apps` must hold a single application configuration."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "tierslieux.admin_site.SiteAdmin"
