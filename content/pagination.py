"""Pages of the public lists in one query: the page's rows carry the number of rows.

Django's Paginator counts the rows, then reads the page: two queries. Here the page's query
selects the count as an uncorrelated subquery, which the database computes once. The page is
found by its ids first (`id IN (SELECT id … ORDER BY … LIMIT … OFFSET …)`): on PostgreSQL the
rows a deep page skips are skipped in the sort's index alone (the public lists' sort indexes
include the publication columns), and only the page's rows are read from the table.

Only an empty page (past the end, or no row at all) costs a second query, the count.
A view that already knows the count (`known_count`, from a tally) spares the subquery, and
reads a page past the middle of the list from its end: no page skips more than half of it.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, IntegerField, Subquery, Value

TOTAL = "paginator_total"


class CountingPaginator(Paginator):
    def __init__(self, *args, known_count=None, **kwargs):
        super().__init__(*args, **kwargs)
        if known_count is not None:
            self.count = known_count  # Paginator.count is a cached property: it is not asked

    def page_queryset(self, bottom, top):
        """The rows from `bottom` to `top`, each with the number of rows as `paginator_total`."""
        queryset = self.object_list
        ids = queryset.values("pk")[bottom:top]
        count = (
            queryset.model._base_manager.filter(pk__in=queryset.values("pk"))
            if queryset.query.distinct
            else queryset
        )
        total = (
            count.order_by()
            .annotate(paginator_group=Value(1, output_field=IntegerField()))
            .values("paginator_group")
            .annotate(paginator_count=Count("*"))
            .values("paginator_count")
        )
        return queryset.filter(pk__in=ids).annotate(
            **{TOTAL: Subquery(total, output_field=IntegerField())}
        )

    def page(self, number):
        if not hasattr(self.object_list, "values"):
            return super().page(number)
        number = self._number(number)
        bottom = (number - 1) * self.per_page
        # Enough rows to tell whether the last page takes the orphans.
        top = bottom + self.per_page + self.orphans
        if "count" in self.__dict__:
            rows = list(self.object_list.filter(pk__in=self._known_count_ids(bottom, top)))
        else:
            rows = list(self.page_queryset(bottom, top))
            if rows:
                self.count = getattr(rows[0], TOTAL)
        number = self.validate_number(number)  # an empty page counts the rows here
        if number < self.num_pages:
            rows = rows[: self.per_page]
        return self._get_page(rows, number, self)

    def _known_count_ids(self, bottom, top):
        """The ids of the rows from `bottom` to `top`, the count known. Past the middle of the
        list they are read from its end, in the reverse order: the database then skips the
        rows after the page rather than those before it, and no page skips more than half of
        the list. The page's query puts its rows back in the list's order. The count must be
        exact (the tally is kept by the database's triggers): a wrong one would shift them."""
        ids = self.object_list.values("pk")
        after = max(self.count - top, 0)  # the rows after the page
        if after < bottom < self.count and ids.ordered:
            return ids.reverse()[after : self.count - bottom]
        return ids[bottom:top]

    def _number(self, number):
        """Django's checks of a page number, but the last one, which needs the count."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number
