"""What every public view shares: drafts hidden from the public, nonsense filters answered 400."""


def can_preview(user, model):
    """Staff who may edit a model see its drafts, marked as such; everyone else gets a 404."""
    opts = model._meta
    return user.is_authenticated and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


class PublishedDetailMixin:
    """For detail views: the public sees `.published()` only, editors preview drafts."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if can_preview(self.request.user, queryset.model):
            return queryset
        return queryset.published()


class InvalidFilterStatusMixin:
    """A filter form with nonsense in it is the client's error: say so with a 400, not a 500."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response
