"""What every editors' admin shares: the site's own search, titles and messages in editor words,
and the « Voir sur le site » column.

`EditorAdminMixin` goes first in a model admin's bases; the model admin names its `wording`.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from content.models import Status
from content.money import format_number
from content.search import parse, search, words


@dataclass(frozen=True)
class Wording:
    """How an editor names a kind of row: « le lieu », « un lieu », « des lieux »."""

    the: str | Promise  # « le lieu », « la visite », « l'indicateur »
    a: str | Promise  # « un lieu », « une visite »
    plural: str | Promise  # « lieux », « visites »
    feminine: bool = False

    def named(self, row):
        return f"{capfirst(str(self.the))} « {row} »"

    def _agreed(self, masculine, feminine):
        return feminine if self.feminine else masculine

    def saved(self, row):
        return _("%(named)s a été enregistré%(e)s.") % {
            "named": self.named(row),
            "e": self._agreed("", "e"),
        }

    def published(self, count, row=None):
        if count == 1 and row is not None:
            return _("%(named)s a été publié%(e)s.") % {
                "named": self.named(row),
                "e": self._agreed("", "e"),
            }
        return _("%(count)s %(name)s publié%(e)s.") % self._counted(count)

    def unpublished(self, count, row=None):
        if count == 1 and row is not None:
            return _("%(named)s est repassé%(e)s en brouillon.") % {
                "named": self.named(row),
                "e": self._agreed("", "e"),
            }
        return _("%(count)s %(name)s repassé%(e)s en brouillon.") % self._counted(count)

    def _counted(self, count):
        # French puts 0 and 1 in the singular: « 0 lieu publié », « 2 visites publiées ».
        plural = count > 1
        name = str(self.plural) if plural else str(self.a).split(" ", 1)[-1]
        ending = self._agreed("", "e") + ("s" if plural else "")
        return {"count": format_number(count), "name": name, "e": ending}


def matches_words(terms, values):
    """Whether every word of the query starts a word of `values`, as the site's search reads
    them (case, accents and elided articles left out)."""
    found = words(" ".join(str(value) for value in values if value))
    return all(any(word.startswith(term) for word in found) for term in terms)


def labelled(formfield, model):
    """A select of `model` rows names them by `model.admin_label()` when the model has one (a
    place with its commune, a budget line with its programme and amount), reading what the
    label needs in the select's own query (`model.labelled(queryset)`)."""
    if formfield is not None and hasattr(model, "admin_label"):
        formfield.queryset = model.labelled(formfield.queryset)
        formfield.label_from_instance = model.admin_label
    return formfield


class LabelledChoicesMixin:
    """For model admins and inlines: selects and autocompletes say what they hold."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # The autocomplete of this model reads its rows from here.
        return self.model.labelled(queryset) if hasattr(self.model, "labelled") else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return labelled(formfield, db_field.related_model)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return labelled(formfield, db_field.related_model)


class EditorAdminMixin(LabelledChoicesMixin):
    """The site's search (content.search), titles naming the row, messages in editor words,
    and selects that say what they hold."""

    wording = None

    # Search

    def get_search_results(self, request, queryset, search_term):
        terms = parse(search_term)
        if terms is None:
            # No word (« l' », « -- »): everything, as on the site.
            return queryset, False
        if getattr(self.model, "search_document", ()):
            found = search(queryset, search_term)
            if request.GET.get(ORDER_VAR):
                # The changelist has ordered by the column the editor chose: keep it.
                found = found.order_by(*queryset.query.order_by)
            return found, False
        return self.search_without_index(queryset, terms), False

    def search_without_index(self, queryset, terms):
        """Models without a full-text index (people, sources: hundreds of rows) are searched the
        same way in Python, over their plain `search_fields`."""
        fields = [name for name in self.search_fields if "__" not in name and name[0].isalpha()]
        pks = [
            pk
            for pk, *values in queryset.order_by().values_list("pk", *fields)
            if matches_words(terms.words, values)
        ]
        return queryset.filter(pk__in=pks)

    # Titles

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context and not (extra_context or {}).get("title"):
            count = context["cl"].result_count
            # Not ngettext: with no catalogue it falls back to English plurals (« 0 résultats »).
            title = (
                _("%(name)s — %(count)s résultats")
                if count > 1
                else _("%(name)s — %(count)s résultat")
            )
            context["title"] = title % {
                "name": capfirst(self.opts.verbose_name_plural),
                "count": format_number(count),
            }
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.wording is not None:
            if add:
                context["title"] = _("Ajouter %(a)s") % {"a": self.wording.a}
            else:
                verb = _("Modifier") if self.has_change_permission(request, obj) else _("Consulter")
                context["title"] = f"{verb} {self.wording.the} « {obj} »"
                # The title names the row already.
                context["subtitle"] = None
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Messages

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self._replace_success(request, obj)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self._replace_success(request, obj)
        return response

    def _replace_success(self, request, obj):
        """Django's « L'objet lieu “X” a été modifié avec succès » becomes « Le lieu « X » a été
        enregistré. »: the messages stored during this request are read and put back."""
        if self.wording is None:
            return
        storage = messages.get_messages(request)
        kept = list(storage)
        storage.used = True
        replaced = False
        for message in kept:
            if message.level == messages.SUCCESS and not replaced:
                messages.add_message(request, messages.SUCCESS, self.wording.saved(obj))
                replaced = True
            else:
                messages.add_message(request, message.level, message.message, message.extra_tags)

    # Columns

    @admin.display(description=_("publication"), ordering="published_at")
    def publication(self, obj):
        """One column for the status and the date: a draft, scheduled, or online."""
        if obj.status != Status.PUBLISHED:
            return _("brouillon")
        if obj.is_published():
            return _("en ligne")
        return _("programmé le %(date)s") % {
            "date": date_format(timezone.localtime(obj.published_at), "d/m/Y H:i")
        }

    @admin.display(description=_("sur le site"))
    def site_link(self, obj):
        """A list column, for published rows only: drafts have no public page yet."""
        if not obj.is_published():
            return ""
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> : {}</span></a>',
            obj.get_absolute_url(),
            _("Voir sur le site"),
            obj,
        )
