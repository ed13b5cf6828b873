"""The recent changes page of the admin, and restoring a deleted object from its history."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from history import changes
from history.context import how
from history.forms import ChangesFilterForm


@staff_member_required
def recent_changes(request):
    models = changes.visible_models(request.user)
    form = ChangesFilterForm(request.GET or None, models=models)
    entries, next_before = [], None
    if not form.is_bound or form.is_valid():
        query = form.query() if form.is_bound else {"models": models}
        entries, next_before = changes.page(**query)
    may_add = {
        model
        for model in models
        if request.user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")
    }
    for entry in entries:
        entry.restorable = entry.is_deletion and entry.model in may_add
    next_url = None
    if next_before is not None:
        params = {k: v for k, v in request.GET.items() if k != "before"}
        next_url = "?" + urlencode({**params, "before": next_before.isoformat()})
    context = {
        **admin.site.each_context(request),
        "title": _("Modifications récentes"),
        "form": form,
        "entries": entries,
        "next_url": next_url,
    }
    return TemplateResponse(request, "history/recent_changes.html", context)


@require_POST
@staff_member_required
def restore_deleted(request, app_label, model_name, history_id):
    """Puts back an object deleted since, as it was just before its deletion."""
    models = {
        (model._meta.app_label, model._meta.model_name): model
        for model in changes.visible_models(request.user)
    }
    model = models.get((app_label, model_name))
    if model is None:
        raise Http404
    if not request.user.has_perm(f"{app_label}.add_{model_name}"):
        raise PermissionDenied
    record = get_object_or_404(changes.history_model(model), history_id=history_id)
    back = reverse("history:recent_changes")
    object_id = getattr(record, model._meta.pk.attname)
    if record.history_type != "-" or model._default_manager.filter(pk=object_id).exists():
        messages.error(request, _("Cet élément n'est pas supprimé : rien à restaurer."))
        return redirect(back)
    instance = record.instance
    if hasattr(instance, "status"):
        # Its links (sources among them) are not in its history: it comes back with its
        # default status (a draft), to be checked by an editor before it is published again.
        instance.status = model._meta.get_field("status").get_default()
    reason = _("restauration de l'élément supprimé le %(date)s") % {
        "date": date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    }
    try:
        instance.full_clean(validate_unique=True)
        with transaction.atomic(), how(reason):
            instance._history_user = request.user
            instance.save(force_insert=True)
    except ValidationError as error:
        messages.error(
            request,
            _("Restauration impossible, rien n'a été modifié : %(why)s")
            % {"why": " ".join(error.messages)},
        )
        return redirect(back)
    except DatabaseError:
        messages.error(
            request,
            _(
                "Restauration impossible, rien n'a été modifié : un élément auquel il était "
                "lié n'existe plus."
            ),
        )
        return redirect(back)
    messages.success(
        request,
        _(
            "« %(object)s » est restauré tel qu'il était avant sa suppression. Ses liens à "
            "d'autres contenus (sources, types, photos…) sont à refaire s'il en avait."
        )
        % {"object": instance},
    )
    return redirect(back)
