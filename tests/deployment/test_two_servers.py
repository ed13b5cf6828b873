"""Two app servers behind one address: what is done through one is seen through the other.

Two gunicorn instances (tests/deployment/conftest.py) share one PostgreSQL database, one
Redis server and one S3 bucket; the tests talk to them over HTTP as a browser would (forms read
from the pages, CSRF token and cookies included). A browser keeps one cookie jar for the site's
host whichever server answers, as behind a load balancer: so do these tests.
"""

import importlib
import io
import re
from html import unescape

import pytest
import requests
from django.apps import apps
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from PIL import Image

from places.models import Department
from tests import factories, images
from tests.deployment.forms import form_fields, with_values

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]

PASSWORD = "mot-de-passe-solide-42"
TIMEOUT = 30


@pytest.fixture
def site(app_servers, empty_cache):
    """The rows the servers are asked about, committed (the servers read the database)."""
    if not Department.objects.filter(code="14").exists():  # an earlier flush emptied the tables
        importlib.import_module("places.migrations.0002_regions_departments_kinds").load(apps, None)
    admin = factories.user(username="admin-deploiement", is_staff=True, is_superuser=True)
    # The servers check passwords with the project's hashers, not the tests' fast one.
    hasher = PBKDF2PasswordHasher()
    admin.password = hasher.encode(PASSWORD, hasher.salt())
    admin.save(update_fields=["password"])
    place = factories.place(
        name="Fablab du port",
        slug="fablab-du-port",
        summary="Un atelier partagé sur le port.",
        sources=[factories.source()],
    )
    return place


def login(session, base_url):
    page = session.get(f"{base_url}/admin/login/", timeout=TIMEOUT)
    assert page.status_code == 200
    fields = with_values(
        form_fields(page.text, "login-form"), username="admin-deploiement", password=PASSWORD
    )
    response = session.post(
        f"{base_url}/admin/login/?next=/admin/", data=fields, allow_redirects=False, timeout=30
    )
    assert response.status_code == 302, errors(response)
    assert "sessionid" in session.cookies


def errors(response):
    """The admin's error messages, to say why a form was not accepted."""
    found = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S)
    return f"{response.status_code} : " + " | ".join(
        unescape(re.sub(r"<[^>]+>", " ", item)).strip() for item in found
    )


def post_admin_form(session, url, form_id, files=None, **values):
    page = session.get(url, timeout=TIMEOUT)
    assert page.status_code == 200, page.status_code
    fields = with_values(form_fields(page.text, form_id), **values)
    response = session.post(url, data=fields, files=files, allow_redirects=False, timeout=60)
    assert response.status_code == 302, errors(response)
    return response


def test_a_photo_uploaded_through_one_server_is_served_through_the_other(
    app_servers, s3_endpoint, site
):
    server_a, server_b = app_servers
    editor = requests.Session()
    login(editor, server_a)
    upload = images.jpeg(1200, 800)
    post_admin_form(
        editor,
        f"{server_a}/admin/places/placephoto/add/",
        "placephoto_form",
        files={"image": ("quai.jpg", upload, "image/jpeg")},
        place=str(site.pk),
        caption="Le quai devant le fablab",
        alt_text="Le quai du port, des bateaux amarrés",
        creator="Camille Martin",
        rights_holder="Ville de Caen",
        licence="cc-by-4.0",
        order="1",
    )

    visitor = requests.Session()
    page = visitor.get(f"{server_b}{site.get_absolute_url()}", timeout=TIMEOUT)
    assert page.status_code == 200
    assert "Le quai devant le fablab" in page.text
    assert 'alt="Le quai du port, des bateaux amarrés"' in unescape(page.text)
    # Every address of the photo on the page is the bucket's, never the server's /media/.
    addresses = set(re.findall(r"(?:src|srcset)=\"([^\" ]+)", page.text))
    addresses |= set(re.findall(r"(https?://[^\s\"]+) \d+w", page.text))
    photos = {unescape(url) for url in addresses if "/photos/" in url}
    assert photos, "aucune photo dans la page"
    assert all(url.startswith(f"{s3_endpoint}/tiers-lieux-medias/media/photos/") for url in photos)
    for url in sorted(photos):
        image = visitor.get(url, timeout=TIMEOUT)
        assert image.status_code == 200, url
        assert image.headers["Content-Type"] in {"image/jpeg", "image/webp"}
        decoded = Image.open(io.BytesIO(image.content))
        decoded.load()
        assert decoded.width in {480, 960, 1200}


def test_an_edit_through_one_server_empties_the_other_servers_cached_page(app_servers, site):
    server_a, server_b = app_servers
    visitor = requests.Session()
    url = f"{server_b}{site.get_absolute_url()}"
    assert visitor.get(url, timeout=TIMEOUT).headers["X-Page-Cache"] == "miss"
    cached = visitor.get(url, timeout=TIMEOUT)
    assert cached.headers["X-Page-Cache"] == "hit"
    assert "Fablab du port" in cached.text

    editor = requests.Session()
    login(editor, server_a)
    post_admin_form(
        editor,
        f"{server_a}/admin/places/place/{site.pk}/change/",
        "place_form",
        name="Fablab du port de Caen",
    )

    after = visitor.get(url, timeout=TIMEOUT)
    assert after.status_code == 200
    assert after.headers["X-Page-Cache"] == "miss"
    assert "Fablab du port de Caen" in after.text
    listing = visitor.get(f"{server_b}/lieux/", timeout=TIMEOUT)
    assert "Fablab du port de Caen" in listing.text


def test_a_login_through_one_server_is_valid_on_the_other(app_servers, site):
    server_a, server_b = app_servers
    stranger = requests.Session()
    refused = stranger.get(f"{server_b}/admin/", allow_redirects=False, timeout=TIMEOUT)
    assert refused.status_code == 302
    assert "/admin/login/" in refused.headers["Location"]

    editor = requests.Session()
    login(editor, server_a)
    index = editor.get(f"{server_b}/admin/", allow_redirects=False, timeout=TIMEOUT)
    assert index.status_code == 200
    assert "Contenus du site" in index.text
    assert "admin-deploiement" in index.text.lower()

    # Logging out through B ends the session on A too.
    logout = form_fields(index.text, "logout-form")
    response = editor.post(
        f"{server_b}/admin/logout/", data=logout, allow_redirects=False, timeout=TIMEOUT
    )
    assert response.status_code in {200, 302}
    after = editor.get(f"{server_a}/admin/", allow_redirects=False, timeout=TIMEOUT)
    assert after.status_code == 302
    assert "/admin/login/" in after.headers["Location"]
