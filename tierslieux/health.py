"""The health check a load balancer polls: can this app server answer pages as it should?

Three checks, each reported in the JSON body: the database answers (`SELECT 1`), the cache
answers (a value written and read back: the content version that invalidates cached pages
lives there, and the API's and the contact form's limits count there), and every migration
of the code is applied to the database (a server started before `migrate` ran would serve
pages the schema cannot hold). Any failure is 503, and the server is taken out of rotation.
The object storage is not asked: photos are served by the storage itself.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
CACHE_KEY = "sante:controle"


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def cache_answers():
    token = secrets.token_hex(8)
    cache.set(CACHE_KEY, token, 30)
    if cache.get(CACHE_KEY) != token:
        return "le cache ne rend pas la valeur écrite"
    return OK


def migrations():
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan[:5])
        return f"{len(plan)} migration(s) non appliquée(s) : {names}"
    return OK


CHECKS = [
    ("database", database, "base de données injoignable"),
    ("cache", cache_answers, "cache injoignable"),
    ("migrations", migrations, "migrations illisibles"),
]


@never_cache
@require_safe
def health(request):
    results = {}
    for name, check, failure in CHECKS:
        if name == "migrations" and results["database"] != OK:
            results[name] = "non vérifiées : base de données injoignable"
            continue
        try:
            results[name] = check()
        except Exception:  # each backend raises its own errors (psycopg, redis, files)
            logger.exception("Contrôle de santé : %s", failure)
            results[name] = failure
        else:
            if results[name] != OK:
                logger.error("Contrôle de santé : %s", results[name])
    healthy = all(result == OK for result in results.values())
    return JsonResponse(
        {"statut": OK if healthy else "erreur", "controles": results},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
