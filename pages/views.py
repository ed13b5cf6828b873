from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.generic import FormView, TemplateView

from pages import defaults, throttle
from pages.forms import ContactForm
from pages.models import ContactMessage, SitePage


def site_page(slug):
    """The page as staff wrote it; its default text if the row is missing, so that the address
    always answers."""
    page = SitePage.objects.filter(slug=slug).first()
    return page or SitePage(slug=slug, **defaults.PAGES[slug])


class SitePageView(TemplateView):
    template_name = "pages/site_page.html"
    slug = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=site_page(self.slug), **kwargs)


class ContactView(FormView):
    form_class = ContactForm
    template_name = "pages/contact.html"
    success_url = reverse_lazy("pages:contact_sent")

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=site_page(SitePage.Slug.CONTACT), **kwargs)

    def post(self, request, *args, **kwargs):
        if throttle.is_exceeded(request):
            # Their text is given back, so that waiting costs them nothing but time.
            context = {
                "minutes": throttle.WINDOW_SECONDS // 60,
                "message": request.POST.get("message", "")[: ContactMessage.MESSAGE_MAX_LENGTH],
            }
            return render(request, "pages/contact_limited.html", context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        throttle.count(self.request)
        # A robot gets the same answer as a person, so it learns nothing from it.
        if not form.is_from_a_robot:
            form.save()
        return redirect(self.get_success_url())


class ContactSentView(TemplateView):
    template_name = "pages/contact_sent.html"
