"""Admin bases for every photo model: inline, list, thumbnails and duplicate warnings."""

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from content.admin import FORMFIELD_OVERRIDES, IncompleteFilter
from content.admin_input import AdminInputMixin
from content.models import Status
from photos.registry import duplicates_of


def thumbnail(photo, size=120):
    """A small preview for lists and inlines, from the smallest rendition, never the master."""
    if not photo or not photo.image:
        return _("pas de fichier")
    # Sized by a class of static/css/admin.css: the Content-Security-Policy refuses style="".
    return format_html(
        '<img src="{}" alt="" loading="lazy" class="admin-thumbnail admin-thumbnail-{}">',
        photo.thumbnail_url,
        size,
    )


def _photo_owner(photo):
    """What the photo belongs to (a place, a visit…): its first foreign key."""
    for field in photo._meta.concrete_fields:
        if field.many_to_one:
            return getattr(photo, field.name)
    return None


def _photo_link(photo):
    label = f"{photo._meta.verbose_name} « {photo} »"
    owner = _photo_owner(photo)
    if owner is not None:
        label = f"{label} ({owner})"
    opts = photo._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[photo.pk])
    except NoReverseMatch:
        return format_html("{}", label)
    return format_html('<a href="{}">{}</a>', url, label)


def duplicate_warning(photo):
    duplicates = duplicates_of(photo)
    if not duplicates:
        return ""
    return format_html(
        str(_("Même image que : {}.")),
        format_html_join(", ", "{}", ((_photo_link(other),) for other in duplicates)),
    )


def file_facts(photo):
    if not photo or not photo.image:
        return "—"
    parts = []
    if photo.width and photo.height:
        parts.append(f"{photo.width} × {photo.height} px")
    if photo.file_size:
        parts.append(filesizeformat(photo.file_size))
    facts = " · ".join(parts) or "—"
    warning = duplicate_warning(photo)
    if warning:
        return format_html('{}<br><strong class="errornote">⚠ {}</strong>', facts, warning)
    return facts


def warn_duplicates(request, saved_photos):
    for photo in saved_photos:
        warning = duplicate_warning(photo)
        if warning:
            messages.warning(
                request,
                format_html(str(_("La photo « {} » a déjà été envoyée. {}")), photo, warning),
            )


PHOTO_FIELDS = [
    "preview",
    "image",
    "is_decorative",
    "alt_text",
    "caption",
    ("creator", "rights_holder"),
    "credit",
    ("licence", "is_referenced_only"),
    "source_url",
    "taken_on",
    "order",
    "file_facts",
]


class PhotoDisplayMixin:
    @admin.display(description=_("aperçu"))
    def preview(self, photo):
        return thumbnail(photo)

    @admin.display(description=_("fichier"))
    def file_facts(self, photo):
        return file_facts(photo)


def published_parent(parent):
    return parent is not None and getattr(parent, "status", None) == Status.PUBLISHED


class PhotoInlineFormSet(BaseInlineFormSet):
    # Set by PhotoInline.get_formset, so the formset can say which uploads are duplicates.
    request = None

    def clean(self):
        super().clean()
        # The parent form has already put the submitted status on the instance.
        if not published_parent(self.instance):
            return
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            for problem in form.instance.editorial_problems():
                form.add_error(None, problem)

    def save(self, commit=True):
        saved = super().save(commit)
        if commit and self.request is not None:
            warn_duplicates(self.request, saved)
        return saved


class PhotoInline(PhotoDisplayMixin, admin.StackedInline):
    """Base of every photo inline: a subclass only sets `model`."""

    extra = 0
    formset = PhotoInlineFormSet
    fields = PHOTO_FIELDS
    readonly_fields = ["preview", "file_facts"]
    formfield_overrides = FORMFIELD_OVERRIDES

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        return formset


class HasFileFilter(admin.SimpleListFilter):
    title = _("fichier")
    parameter_name = "fichier"

    def lookups(self, request, model_admin):
        return [("oui", _("avec fichier")), ("non", _("sans fichier (cadre réservé)"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.with_file()
        if self.value() == "non":
            return queryset.filter(image="")
        return queryset


class DuplicateFilter(admin.SimpleListFilter):
    title = _("doublons")
    parameter_name = "doublon"

    def lookups(self, request, model_admin):
        return [("oui", _("même image envoyée plusieurs fois"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(has_duplicate=True)
        return queryset


class PhotoAdmin(PhotoDisplayMixin, AdminInputMixin, admin.ModelAdmin):
    """Base of every photo list: a subclass names its foreign key in `parent_field`."""

    parent_field = None
    formfield_overrides = FORMFIELD_OVERRIDES
    list_filter = [
        IncompleteFilter,
        HasFileFilter,
        DuplicateFilter,
        "is_decorative",
        "is_referenced_only",
        "licence",
    ]
    search_fields = ["caption", "alt_text", "creator", "rights_holder", "credit", "sha256"]
    readonly_fields = ["preview", "file_facts"]

    def get_list_display(self, request):
        return ["preview", "__str__", self.parent_field, "credit_line", "order", "duplicate"]

    def get_list_select_related(self, request):
        return [self.parent_field]

    def get_autocomplete_fields(self, request):
        return [self.parent_field]

    def get_fields(self, request, obj=None):
        return [self.parent_field, *PHOTO_FIELDS]

    def get_queryset(self, request):
        others = (
            self.model._default_manager.filter(sha256=OuterRef("sha256"))
            .exclude(sha256="")
            .exclude(pk=OuterRef("pk"))
        )
        return super().get_queryset(request).annotate(has_duplicate=Exists(others))

    @admin.display(description=_("doublon"), boolean=True, ordering="-has_duplicate")
    def duplicate(self, photo):
        return photo.has_duplicate

    @admin.display(description=_("crédit"))
    def credit_line(self, photo):
        return photo.credit_line

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        parent_field = self.parent_field

        class PublishablePhotoForm(form_class):
            def clean(self):
                cleaned = super().clean()
                if published_parent(cleaned.get(parent_field)):
                    photo = self.instance
                    for name in ("caption", "credit", "creator", "rights_holder", "licence"):
                        if name in cleaned:
                            setattr(photo, name, cleaned[name])
                    if "is_referenced_only" in cleaned:
                        photo.is_referenced_only = cleaned["is_referenced_only"]
                    for problem in photo.editorial_problems():
                        self.add_error(None, problem)
                return cleaned

        PublishablePhotoForm.__name__ = form_class.__name__
        return PublishablePhotoForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_duplicates(request, [obj])
