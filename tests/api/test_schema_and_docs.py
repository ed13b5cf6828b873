import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/lieux/",
    "/api/v1/lieux/{slug}/",
    "/api/v1/financements/",
    "/api/v1/financements/{slug}/",
    "/api/v1/visites/",
    "/api/v1/visites/{slug}/",
}


def test_the_schema_is_valid_openapi_in_yaml_and_json(client):
    as_yaml = client.get("/api/v1/schema/")
    assert as_yaml.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    schema = yaml.safe_load(as_yaml.content)

    as_json = client.get("/api/v1/schema/", {"format": "json"})
    assert as_json.status_code == 200
    assert as_json.json() == schema

    validate_schema(schema)
    assert set(schema["paths"]) == PATHS
    assert schema["info"]["title"] == "API des tiers-lieux en France"


def test_the_schema_documents_filters_pagination_and_licence(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    places = schema["paths"]["/api/v1/lieux/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in places["parameters"]}
    assert {"q", "type", "region", "departement", "commune", "service", "coordonnees", "tri"} <= (
        set(parameters)
    )
    assert {"page", "page_size"} <= set(parameters)
    assert parameters["commune"]["schema"]["type"] == "string"
    page = schema["components"]["schemas"]["PaginatedPlaceList"]
    assert {"licence", "total", "page", "pages", "suivante", "precedente", "resultats"} == set(
        page["properties"]
    )
    place = schema["components"]["schemas"]["Place"]["properties"]
    assert "statut" not in place and "provenance" in place
    visits = {p["name"] for p in schema["paths"]["/api/v1/visites/"]["get"]["parameters"]}
    assert {"q", "annee", "region", "departement", "fonction"} <= visits
    programmes = {p["name"] for p in schema["paths"]["/api/v1/financements/"]["get"]["parameters"]}
    assert {"q", "financeur", "annee"} <= programmes


def test_the_schema_says_what_each_endpoint_answers(client):
    paths = client.get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    places = paths["/api/v1/lieux/"]["get"]
    assert places["summary"] == "Lieux publiés"
    assert places["description"].startswith("Les tiers-lieux publiés, filtrés comme sur /lieux/")
    assert paths["/api/v1/lieux/{slug}/"]["get"]["summary"] == "Un lieu publié, par son identifiant"
    assert paths["/api/v1/financements/"]["get"]["summary"] == "Programmes de financement publiés"
    assert paths["/api/v1/visites/{slug}/"]["get"]["summary"] == (
        "Une visite publiée, par son identifiant"
    )
    commune = next(p for p in places["parameters"] if p["name"] == "commune")
    assert commune["description"] == "Nom, code postal ou code INSEE de la commune."


def test_the_docs_page_loads_nothing_from_elsewhere(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Documentation de l'API" in page
    assert 'data-schema-url="/api/v1/schema/?format=json"' in page
    # Every script and stylesheet is a static file of this site, and none is inline.
    sources = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert any(source.endswith("swagger-ui.css") for source in sources)
    for source in sources:
        if not source.startswith("http://testserver/"):  # the canonical address is ours
            assert not re.match(r"(https?:)?//", source), source
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/ld+json"' in tag, tag  # JSON-LD runs nothing
    assert " style=" not in page
    # The static files it names are there to be served (the sidecar package, not a CDN).
    for name in (
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "js/api-docs.js",
        "css/api-docs.css",
    ):
        assert finders.find(name), name
