from django.urls import path

from pages import views
from pages.models import SitePage

app_name = "pages"

urlpatterns = [
    path(
        "accessibilite/",
        views.SitePageView.as_view(slug=SitePage.Slug.ACCESSIBILITY),
        name="accessibilite",
    ),
    path(
        "mentions-legales/",
        views.SitePageView.as_view(slug=SitePage.Slug.LEGAL_NOTICE),
        name="mentions-legales",
    ),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/envoye/", views.ContactSentView.as_view(), name="contact_sent"),
]
