"""The read-only API: lists and details of the published places, programmes and visits.

Each list takes the filters and the `q` search of its public page (the same FilterSets), is
paginated (api.pagination) and carries the licence; a detail is found by its slug among the
published rows only, so a draft's or a scheduled row's slug answers 404 like an unknown one.
"""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api import serializers
from api.conditional import ConditionalGetMixin
from api.licence import datasets_of, licence
from funding.filters import ProgrammeFilter
from funding.models import Programme, ProgrammeFunding, ProgrammeLine
from pagecache.fragments import fragment
from places.filters import PlaceFilter
from places.models import Place, PlaceKind, Provenance, Service
from visits.filters import VisitFilter
from visits.models import Announcement, Participant, Stop, Visit


def text_parameter(name, description):
    """A query parameter whose description the FilterSet's label cannot give."""
    return OpenApiParameter(name, str, description=description)


YEAR = OpenApiParameter("annee", int, description="Année (ex. 2021).")
SEARCH = text_parameter(
    "q",
    "Recherche : chaque mot doit figurer, au moins en début de mot (casse, accents, traits "
    "d'union et articles élidés ignorés, fautes de frappe tolérées) ; résultats par pertinence "
    "(200 caractères au plus).",
)


class LazySchema:
    """`view.schema` as DRF's default gives it (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS), the
    class imported only for a view instance: DRF's router lists a viewset's members when the
    URLconf loads, and its default would then import drf-spectacular's generator in every web
    worker."""

    def __get__(self, instance, owner):
        if instance is None:
            return self
        schema = api_settings.DEFAULT_SCHEMA_CLASS()
        schema.view = instance
        return schema


class PublishedViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """What the three endpoints share: published rows only, the licence on every answer."""

    filter_backends = [DjangoFilterBackend]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    detail_serializer_class = None
    # Each action's summary, description and query parameters in the OpenAPI schema (read by
    # api.schema): the FilterSets' labels do not say all of it.
    schema_docs = {}
    schema = LazySchema()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class
        return self.serializer_class

    def licence(self, rows):
        return licence(self.request)

    # The answers' data is kept in the page cache under the request's absolute address (its
    # links are absolute) and the content version. Here rather than in the page cache's
    # middleware: DRF has checked the throttle by now, so a client over its rate still gets its
    # 429, cached answers or not. A 400 or a 404 raises inside and is never kept.

    def list(self, request, *args, **kwargs):
        data, self.last_modified = fragment("api", [request.build_absolute_uri()], self._list_data)
        return Response(data)

    def _list_data(self):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        last_modified = max((row.updated_at for row in page), default=None)
        data = self.get_serializer(page, many=True).data
        response = self.paginator.get_paginated_response(data, licence=self.licence(page))
        return response.data, last_modified

    def retrieve(self, request, *args, **kwargs):
        data, self.last_modified = fragment(
            "api", [request.build_absolute_uri()], self._detail_data
        )
        self.last_modified_is_complete = True
        return Response(data)

    def _detail_data(self):
        data = super().retrieve(self.request, *self.args, **self.kwargs).data
        return data, self.object.updated_at

    def get_object(self):
        self.object = super().get_object()
        return self.object


class PlaceViewSet(PublishedViewSet):
    schema_docs = {
        "list": {
            "summary": "Lieux publiés",
            "description": (
                "Les tiers-lieux publiés, filtrés comme sur /lieux/ : `q` cherche dans le nom, la "
                "commune, le code postal, le département, la région, les types, les services, le "
                "résumé et l'adresse (par pertinence), `type`, `service` (identifiants, ex. "
                "coworking), `region`, `departement` (codes INSEE), `commune` (nom, code postal ou "
                "code INSEE), `coordonnees` (avec, sans), `statut` (ouverts, en-projet, fermes, "
                "tous ; sans `statut`, les lieux fermés sont laissés de côté), `tri` (pertinence, "
                "nom, ouverture, recent ; sans `tri`, par pertinence avec `q`, par nom sinon)."
            ),
            "parameters": [
                SEARCH,
                text_parameter("commune", "Nom, code postal ou code INSEE de la commune."),
                text_parameter("type", "Identifiant du type de lieu (ex. coworking, fablab)."),
                text_parameter("service", "Identifiant du service."),
                text_parameter("region", "Code INSEE de la région (ex. 28)."),
                text_parameter("departement", "Code INSEE du département (ex. 14, 2A, 971)."),
                text_parameter(
                    "statut",
                    "ouverts, en-projet, fermes ou tous ; sans statut, ouverts et en projet.",
                ),
            ],
        },
        "retrieve": {"summary": "Un lieu publié, par son identifiant"},
    }
    serializer_class = serializers.PlaceSerializer
    detail_serializer_class = serializers.PlaceDetailSerializer
    filterset_class = PlaceFilter

    def filter_queryset(self, queryset):
        # A place is found by its identifier, closed or not: its page stays, so does its answer.
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)

    def get_queryset(self):
        return (
            Place.objects.published()
            .select_related("department__region")
            .prefetch_related(
                Prefetch("kinds", queryset=PlaceKind.objects.order_by("order", "name")),
                Prefetch("services", queryset=Service.objects.order_by("name")),
                Prefetch(
                    "provenances",
                    queryset=Provenance.objects.select_related("dataset").order_by(
                        "dataset__slug", "row_id"
                    ),
                ),
            )
            .order_by("name", "id")
        )

    def licence(self, rows):
        return licence(self.request, datasets_of(rows))


class ProgrammeViewSet(PublishedViewSet):
    schema_docs = {
        "list": {
            "summary": "Programmes de financement publiés",
            "description": (
                "Les programmes publiés, les plus récents d'abord (par pertinence avec `q`), "
                "filtrés comme sur "
                "/financements/ : `q` (nom, résumé, description), `financeur` (identifiant), "
                "`annee` (de l'annonce)."
            ),
            "parameters": [SEARCH, YEAR, text_parameter("financeur", "Identifiant du financeur.")],
        },
        "retrieve": {"summary": "Un programme publié, par son identifiant"},
    }
    serializer_class = serializers.ProgrammeSerializer
    detail_serializer_class = serializers.ProgrammeDetailSerializer
    filterset_class = ProgrammeFilter

    def get_queryset(self):
        return (
            Programme.objects.published()
            .prefetch_related(
                Prefetch("fundings", queryset=ProgrammeFunding.objects.select_related("funder")),
                Prefetch("lines", queryset=ProgrammeLine.objects.order_by("order", "id")),
            )
            .order_by("-announced_on", "name", "id")
        )


class VisitViewSet(PublishedViewSet):
    schema_docs = {
        "list": {
            "summary": "Visites officielles publiées",
            "description": (
                "Les visites publiées, les plus récentes d'abord (par pertinence avec `q`), "
                "filtrées comme sur /visites/ : "
                "`q` (titre, résumé, description), `annee`, `region` et `departement` des lieux "
                "visités (codes INSEE), `fonction` d'un participant."
            ),
            "parameters": [
                SEARCH,
                YEAR,
                text_parameter("region", "Code INSEE de la région des lieux visités."),
                text_parameter("departement", "Code INSEE du département des lieux visités."),
            ],
        },
        "retrieve": {"summary": "Une visite publiée, par son identifiant"},
    }
    serializer_class = serializers.VisitSerializer
    detail_serializer_class = serializers.VisitDetailSerializer
    filterset_class = VisitFilter

    def get_queryset(self):
        return (
            Visit.objects.published()
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=Participant.objects.select_related("person").lead_first(),
                ),
                Prefetch(
                    "stops",
                    queryset=Stop.objects.select_related("place").order_by("order", "id"),
                ),
                Prefetch(
                    "announcements",
                    queryset=Announcement.objects.select_related("programme").order_by(
                        "order", "id"
                    ),
                ),
            )
            .order_by("-date", "-id")
        )
