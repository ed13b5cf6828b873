"""The OpenAPI schema's texts for each endpoint, read from the views' `schema_docs`.

drf-spectacular's `@extend_schema` imports its schema generator, and with it Django's test
tools, as soon as a view module is imported: megabytes in every web worker, which serves pages
and never the schema. Declared as data on the views, the texts are read here, by the schema
class (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS), which the views import only to build the schema
(api.views.LazySchema).
"""

from drf_spectacular.openapi import AutoSchema


class DocumentedSchema(AutoSchema):
    """drf-spectacular's AutoSchema, with a summary, a description and query parameters per
    action taken from the view's `schema_docs` (`{"list": {"summary": …}, "retrieve": …}`)."""

    def _docs(self):
        action = getattr(self.view, "action", None)
        return getattr(self.view, "schema_docs", {}).get(action, {})

    def get_summary(self):
        return self._docs().get("summary") or super().get_summary()

    def get_description(self):
        return self._docs().get("description") or super().get_description()

    def get_override_parameters(self):
        return [*super().get_override_parameters(), *self._docs().get("parameters", ())]
