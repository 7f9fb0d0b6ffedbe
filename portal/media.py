"""What of MEDIA_ROOT anyone may fetch by its address: Wagtail's image renditions.

Everything else under MEDIA_ROOT is private or for the admin: documents and their
earlier versions and thumbnails leave only through the access-checked views of
`documents.views`, original images are never linked. So `/media/` is not a window on
the folder (Django's `static()` helper, which DEBUG used to mount there, served
`/media/documents/<stored name>` of a restricted file to anyone): this view serves the
renditions under `images/`, in every mode, and answers 404 for the rest. A front
server may serve `/media/images/` itself, never MEDIA_ROOT whole (README, Operations).

`check_media_not_public` (a system check, registered in `PortalConfig.ready`) refuses
settings under which the static file machinery (WhiteNoise, collectstatic) would
publish MEDIA_ROOT anyway.
"""

import mimetypes
import os
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

# Folders of MEDIA_ROOT served to anyone: Wagtail's renditions (AbstractRendition).
PUBLIC_FOLDERS = ("images/",)
# A rendition's name changes with its image file and filter: it may be kept long.
RENDITION_MAX_AGE = 7 * 24 * 3600


@require_safe
def public_media(request, path):
    """`/media/<path>`: a file of a public folder of MEDIA_ROOT, else 404."""
    if not path.startswith(PUBLIC_FOLDERS) or "\\" in path:
        raise Http404
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except SuspiciousFileOperation:
        raise Http404 from None
    if not full_path.is_file() or full_path.is_symlink():
        raise Http404
    content_type, _encoding = mimetypes.guess_type(full_path.name)
    response = FileResponse(
        open(full_path, "rb"),  # noqa: SIM115 - FileResponse closes it
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = f"public, max-age={RENDITION_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _inside(path, folder) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(folder))
    except ValueError:
        return False
    return True


def check_media_not_public(app_configs=None, **kwargs):
    """MEDIA_ROOT must not lie inside (or hold) a folder the static files are served
    from, nor MEDIA_URL under STATIC_URL: WhiteNoise would serve private files."""
    media = settings.MEDIA_ROOT
    static_folders = [settings.STATIC_ROOT, getattr(settings, "WHITENOISE_ROOT", None)]
    for entry in getattr(settings, "STATICFILES_DIRS", []):
        static_folders.append(entry[1] if isinstance(entry, list | tuple) else entry)
    problems = []
    for folder in filter(None, static_folders):
        if _inside(media, folder) or _inside(folder, media):
            problems.append(
                checks.Error(
                    f"MEDIA_ROOT ({media}) and the static files folder {folder} overlap: "
                    "private uploads would be served as static files.",
                    hint="Keep MEDIA_ROOT apart from STATIC_ROOT, STATICFILES_DIRS and "
                    "WHITENOISE_ROOT.",
                    id="portal.E001",
                )
            )
    if settings.STATIC_URL and str(settings.MEDIA_URL).startswith(str(settings.STATIC_URL)):
        problems.append(
            checks.Error(
                "MEDIA_URL lies under STATIC_URL.",
                hint="Give uploads their own address (MEDIA_URL = '/media/').",
                id="portal.E002",
            )
        )
    return problems
