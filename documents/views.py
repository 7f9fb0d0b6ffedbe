"""Access-checked downloads, the site-wide archive page and ZIP downloads.

Every file leaves through `_file_response` after `swg.policy` said yes; a refusal is
answered by `swg.roles.access.deny` (login page, second factor, or 403). Nothing here
decides access on its own.
"""

from __future__ import annotations

import datetime
import tempfile
import unicodedata
import zipfile
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_cookie
from wagtail import hooks

from documents import services, thumbnails
from documents.models import (
    DocumentLanguage,
    DocumentType,
    DocumentVersion,
    PortalDocument,
    content_disposition,
)
from swg.models import AccessLevel, SectorWorkingGroup
from swg.policy import readable_q_through
from swg.roles.access import deny, refused_read

# Shown in the browser; everything else is saved. Never HTML: it would run as our site.
INLINE_KINDS = frozenset({"pdf", "txt"})
PUBLIC_MAX_AGE = 300
PER_PAGE = 20
ZIP_MAX_FILES = 100
ZIP_MAX_BYTES = 500 * 1024 * 1024


def _wagtail_restrictions(request, document):
    """The answer of Wagtail's `before_serve_document` hooks (collection privacy), if any."""
    for hook in hooks.get_hooks("before_serve_document"):
        response = hook(document, request)
        if isinstance(response, HttpResponse):
            return response
    return None


def _readable(request, document_id):
    """`(document, None)` if the reader may have it, else `(None, the response instead)`."""
    document = get_object_or_404(
        PortalDocument.objects.prefetch_related("working_groups"), pk=document_id
    )
    if not document.is_readable_by(request.user):
        return None, deny(request, refused_read(document))
    restricted = _wagtail_restrictions(request, document)
    return (None, restricted) if restricted is not None else (document, None)


def _set_cache_headers(response, access_level):
    response["X-Content-Type-Options"] = "nosniff"
    if access_level == AccessLevel.PUBLIC:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-store"


def _file_response(request, field_file, *, name, content_type, kind, access_level, inline=True):
    handle = field_file.storage.open(field_file.name, "rb")
    response = FileResponse(handle, content_type=content_type)
    shown = inline and kind in INLINE_KINDS
    response["Content-Disposition"] = content_disposition("inline" if shown else "attachment", name)
    if kind != "pdf" or not shown:
        # Browsers' PDF viewers refuse a sandbox; other files never need scripts.
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    _set_cache_headers(response, access_level)
    return response


def _same_name(a, b):
    return unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)


@require_safe
def serve(request, document_id, document_filename):
    """`/documents/<id>/<file name>`: the document's current file, if the reader may."""
    document, refusal = _readable(request, document_id)
    if refusal is not None:
        return refusal
    if not _same_name(document_filename, document.download_name):
        # An old link (the file was replaced or renamed): send readers to the current one.
        return HttpResponseRedirect(document.url)
    response = _file_response(
        request,
        document.file,
        name=document.download_name,
        content_type=document.content_type,
        kind=document.file_kind,
        access_level=document.access_level,
        inline=document.opens_in_browser,
    )
    if request.method == "GET":
        services.record_download(document, user=request.user)
    return response


@require_safe
def serve_version(request, document_id, version_id, filename):
    """An earlier file of a document, for those who may read the document."""
    document, refusal = _readable(request, document_id)
    if refusal is not None:
        return refusal
    version = get_object_or_404(DocumentVersion, pk=version_id, document=document)
    response = _file_response(
        request,
        version.file,
        name=version.download_name,
        content_type=version.content_type,
        kind=version.file_kind,
        access_level=document.access_level,
        inline=False,
    )
    if request.method == "GET":
        services.record_download(document, user=request.user, version=version, via="version")
    return response


@require_safe
def serve_thumbnail(request, document_id):
    """The first page of a PDF as a small WebP, for readers of the document (else 404)."""
    document, refusal = _readable(request, document_id)
    if refusal is not None:
        return refusal
    name = thumbnails.thumbnail(document)
    if name is None:
        raise Http404
    storage = document.file.storage
    response = FileResponse(storage.open(name, "rb"), content_type=thumbnails.CONTENT_TYPE)
    _set_cache_headers(response, document.access_level)
    return response


# --- The archive page ----------------------------------------------------------------

SORTS = {
    "newest": ("-document_date", "-created_at", "-pk"),
    "oldest": ("document_date", "created_at", "pk"),
    "title": ("title", "pk"),
}


class BadFilter(ValueError):
    pass


def _filters(params, working_groups):
    """The archive's filters from GET parameters; BadFilter names a value that cannot be."""
    chosen = {}
    slug = params.get("swg", "").strip()
    if slug:
        group = next((g for g in working_groups if g.slug == slug), None)
        if group is None:
            raise BadFilter(_("Unknown sector working group."))
        chosen["swg"] = group
    doc_type = params.get("type", "").strip()
    if doc_type:
        if doc_type not in DocumentType.values:
            raise BadFilter(_("Unknown document type."))
        chosen["type"] = doc_type
    language = params.get("language", "").strip()
    if language:
        if language not in DocumentLanguage.values:
            raise BadFilter(_("Unknown language."))
        chosen["language"] = language
    year = params.get("year", "").strip()
    if year:
        if not (year.isdigit() and len(year) == 4):
            raise BadFilter(_("The year must have four digits."))
        chosen["year"] = int(year)
    sort = params.get("sort", "").strip() or "newest"
    if sort not in SORTS:
        raise BadFilter(_("Documents can be sorted by newest, oldest or title."))
    chosen["sort"] = sort
    return chosen


def _for_listing(documents):
    """SWGs prefetched, extracted text left out."""
    return documents.defer("extracted_text", "extraction_error").prefetch_related(
        Prefetch("working_groups", queryset=SectorWorkingGroup.objects.order_by())
    )


def readable_documents(user):
    """What `user` may read, ready for listing."""
    return _for_listing(PortalDocument.objects.readable_by(user))


def readable_filter(user):
    """What `user` may read as a plain filter (each document once, no `id IN (...)`)."""
    return PortalDocument.objects.filter(
        readable_q_through(
            user,
            through=PortalDocument.working_groups.through,
            item_field="portaldocument",
            swg_field="sectorworkinggroup",
        )
    )


class _Listing:
    """The archive's documents for the Paginator, read the cheap way at 20,000 documents.

    The count, the years and the ids of one page come from `readable`, a plain filter
    (SWG membership as `id IN (...)`, so no document repeats) that the indexes on access level,
    date and title answer; only the twenty documents of the page are loaded whole.
    `readable_by()` wraps its filter in `id IN (...)` to drop the repeats of a join, which
    made SQLite read every readable row three times: the archive was ~7x slower than the
    other pages."""

    ordered = True

    def __init__(self, readable, ordering):
        self.readable, self.ordering = readable, ordering

    def count(self):
        return self.readable.order_by().count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        ids = list(self.readable.order_by(*self.ordering).values_list("pk", flat=True)[index])
        loaded = _for_listing(PortalDocument.objects.filter(pk__in=ids)).in_bulk()
        return [loaded[pk] for pk in ids if pk in loaded]

    def years(self):
        dates = self.readable.order_by().values_list("document_date", flat=True).distinct()
        return sorted({date.year for date in dates if date is not None}, reverse=True)


def document_listing(request, *, documents=None, swg=None):
    """Context for a filtered, sorted, paginated list of documents `request.user` may read.

    `documents` (each document at most once) defaults to all `request.user` may read;
    with `swg` the SWG filter is fixed. Raises BadFilter.
    """
    working_groups = list(SectorWorkingGroup.objects.order_by("sort_order", "name_en"))
    chosen = _filters(request.GET, working_groups)
    if swg is not None:
        chosen["swg"] = swg
    if documents is None:
        documents = readable_filter(request.user)
    base = _Listing(documents, SORTS[chosen["sort"]])
    if "swg" in chosen:
        group = chosen["swg"]
        ids = [group.pk] + [g.pk for g in working_groups if g.parent_id == group.pk]
        documents = documents.filter(
            pk__in=PortalDocument.working_groups.through.objects.filter(
                sectorworkinggroup_id__in=ids
            ).values("portaldocument_id")
        )
    if "type" in chosen:
        documents = documents.filter(document_type=chosen["type"])
    if "language" in chosen:
        documents = documents.filter(language=chosen["language"])
    if "year" in chosen:
        documents = documents.filter(document_date__year=chosen["year"])
    listing = _Listing(documents, SORTS[chosen["sort"]])
    page = Paginator(listing, PER_PAGE).get_page(request.GET.get("page"))

    active = {
        key: (value.slug if key == "swg" else value)
        for key, value in chosen.items()
        if key != "sort" and not (key == "swg" and swg is not None)
    }
    query = {**active, **({"sort": chosen["sort"]} if chosen["sort"] != "newest" else {})}
    years = base.years()
    return {
        "documents": page,
        "page_obj": page,
        "query_string": urlencode(query),
        "filters": active,
        "sort": chosen["sort"],
        "working_groups": working_groups,
        "types": DocumentType.choices,
        "languages": DocumentLanguage.choices,
        "years": years,
        "sorts": [
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("title", _("Title")),
        ],
        "can_zip": request.user.is_authenticated,
        "zip_url": reverse("document_zip"),
    }


@require_safe
@vary_on_cookie
@cache_control(private=True, max_age=0)
def archive(request):
    """`/<lang>/documents/`: every document the reader may read, with filters."""
    try:
        context = document_listing(request)
    except BadFilter as error:
        return render(request, "documents/archive.html", {"error": str(error)}, status=400)
    return render(request, "documents/archive.html", context)


# --- ZIP of a selection ----------------------------------------------------------------


def _unique_name(name, taken):
    if name not in taken:
        taken.add(name)
        return name
    stem, dot, extension = name.rpartition(".")
    stem, extension = (stem, f".{extension}") if dot else (name, "")
    number = 2
    while f"{stem} ({number}){extension}" in taken:
        number += 1
    unique = f"{stem} ({number}){extension}"
    taken.add(unique)
    return unique


@require_POST
def download_zip(request):
    """A ZIP of the selected documents, holding only those the reader may read."""
    back = request.POST.get("next") or reverse("document_archive")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("document_archive")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    ids = [int(v) for v in request.POST.getlist("document") if v.isdigit()][: ZIP_MAX_FILES + 1]
    if not ids:
        messages.warning(request, _("Select at least one document to download."))
        return HttpResponseRedirect(back)
    if len(ids) > ZIP_MAX_FILES:
        return HttpResponseBadRequest(
            _("At most %(count)d documents can be downloaded at once.") % {"count": ZIP_MAX_FILES}
        )
    documents = list(readable_documents(request.user).filter(pk__in=ids).order_by("title", "pk"))
    limit = getattr(settings, "DOCUMENTS_ZIP_MAX_BYTES", ZIP_MAX_BYTES)
    if sum(d.file_size or 0 for d in documents) > limit:
        return HttpResponseBadRequest(_("The selected documents are too large for one download."))
    if not documents:
        messages.warning(request, _("None of the selected documents can be downloaded."))
        return HttpResponseRedirect(back)
    # Handed to FileResponse, which closes it once sent.
    archive_file = tempfile.TemporaryFile()  # noqa: SIM115
    taken = set()
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for document in documents:
            entry = _unique_name(document.download_name, taken)
            with (
                document.file.storage.open(document.file.name, "rb") as source,
                bundle.open(entry, "w") as target,
            ):
                while chunk := source.read(1024 * 1024):
                    target.write(chunk)
    for document in documents:
        services.record_download(document, user=request.user, via="zip")
    archive_file.seek(0)
    name = f"documents-{datetime.date.today():%Y-%m-%d}.zip"
    response = FileResponse(archive_file, content_type="application/zip")
    response["Content-Disposition"] = content_disposition("attachment", name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
