"""The health check a load balancer polls: can this app server answer pages?

It asks the database the one question every page needs (`SELECT 1`): an app server that cannot
reach it answers 503 and is taken out of rotation. The cache and the object storage are not
asked: without the cache pages are still built (pagecache logs the error), and photos are
served by the storage itself, so neither makes this server useless, and a fault there would
otherwise take every server out at once.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Contrôle de santé : base de données injoignable")
        return HttpResponse(
            "base de données injoignable\n", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
