"""Pages of 50 results (`page_size` up to 200), with the licence on top of every page."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = "Numéro de la page (1 par défaut)."
    page_size_query_description = "Résultats par page : 50 par défaut, 200 au plus."

    def get_paginated_response(self, data, licence=None):
        return Response(
            {
                "licence": licence,
                "total": self.page.paginator.count,
                "page": self.page.number,
                "pages": self.page.paginator.num_pages,
                "suivante": self.get_next_link(),
                "precedente": self.get_previous_link(),
                "resultats": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["licence", "total", "page", "pages", "resultats"],
            "properties": {
                # The component the detail answers register (api.serializers.LicenceSerializer).
                "licence": {"$ref": "#/components/schemas/Licence"},
                "total": {"type": "integer", "description": "Nombre de résultats, toutes pages."},
                "page": {"type": "integer", "description": "Numéro de cette page."},
                "pages": {"type": "integer", "description": "Nombre de pages."},
                "suivante": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "Adresse de la page suivante.",
                },
                "precedente": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "Adresse de la page précédente.",
                },
                "resultats": schema,
            },
        }
