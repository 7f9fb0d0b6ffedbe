"""`manage.py import_documents PATH... --swg SLUG [--type T] [--access A] [--language L]`

Imports files and folders (recursed) of the legacy archive, per DESIGN.md §4. Each file
is checked, stored, its text extracted and indexed before its result line is printed;
a refused or failed file leaves nothing behind. Duplicates (same SHA-256 as a document
already in the archive, or earlier in this run) are skipped and named. A `manifest.csv`
beside the files (columns file,title,type,date,language,access; any may be empty but
file) supplies metadata per file. Exit status 1 if any file failed.
"""

from __future__ import annotations

import csv
import datetime
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents import services
from documents.models import DocumentLanguage, DocumentType, ExtractionStatus
from documents.upload_checks import UploadRejected
from swg.models import AccessLevel, SectorWorkingGroup

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("file", "title", "type", "date", "language", "access")


class ManifestError(ValueError):
    pass


@dataclass
class Item:
    path: Path
    shown: str
    metadata: dict = field(default_factory=dict)
    problem: str = ""


def _choices(choices) -> str:
    return ", ".join(value for value, _label in choices)


def _check_choice(value, choices, what):
    if value not in {v for v, _label in choices}:
        raise ManifestError(f"unknown {what} “{value}” (one of: {_choices(choices)})")
    return value


def read_manifest(path: Path) -> dict[str, dict]:
    """Metadata by file name (relative to the manifest's folder) from a manifest.csv."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "file" not in [f.strip().lower() for f in reader.fieldnames]:
            raise CommandError(
                f"{path}: a manifest needs a “file” column ({','.join(MANIFEST_COLUMNS)})"
            )
        rows = {}
        for number, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            name = row.get("file", "")
            if not name:
                continue
            metadata, problems = {}, []
            try:
                if row.get("title"):
                    metadata["title"] = row["title"][:255]
                if row.get("type"):
                    metadata["document_type"] = _check_choice(
                        row["type"], DocumentType.choices, "type"
                    )
                if row.get("language"):
                    metadata["language"] = _check_choice(
                        row["language"], DocumentLanguage.choices, "language"
                    )
                if row.get("access"):
                    metadata["access_level"] = _check_choice(
                        row["access"], AccessLevel.choices, "access level"
                    )
                if row.get("date"):
                    try:
                        metadata["document_date"] = datetime.date.fromisoformat(row["date"])
                    except ValueError:
                        raise ManifestError(f"bad date “{row['date']}” (use YYYY-MM-DD)") from None
            except ManifestError as error:
                problems.append(f"{MANIFEST} line {number}: {error}")
            rows[name] = {"metadata": metadata, "problem": "; ".join(problems)}
        return rows


class Command(BaseCommand):
    help = (
        "Import documents (files or folders, recursed) into the archive of one SWG: each "
        "file is checked, stored, its text extracted and indexed. Metadata may come from "
        "a manifest.csv beside the files (file,title,type,date,language,access)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        parser.add_argument(
            "--swg",
            required=True,
            action="append",
            metavar="SLUG",
            help="the SWG the documents belong to (repeat for several)",
        )
        parser.add_argument(
            "--type",
            default=DocumentType.OTHER,
            metavar="T",
            help=f"document type ({_choices(DocumentType.choices)}; default other)",
        )
        parser.add_argument(
            "--access",
            default=AccessLevel.PUBLIC,
            metavar="A",
            help=f"access level ({_choices(AccessLevel.choices)}; default public)",
        )
        parser.add_argument(
            "--language",
            default=DocumentLanguage.ENGLISH,
            metavar="L",
            help=f"language ({_choices(DocumentLanguage.choices)}; default en)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=min(4, os.cpu_count() or 1),
            metavar="N",
            help="files checked and read at once, each in its own sandbox (default: cores, "
            "at most 4); storing and indexing stay in order in this process",
        )

    def handle(self, *args, paths, swg, type, access, language, workers=1, **options):
        verbosity = options.get("verbosity", 1)
        if workers < 1:
            raise CommandError("--workers: at least 1")
        groups = self._groups(swg)
        for value, choices, option in (
            (type, DocumentType.choices, "--type"),
            (access, AccessLevel.choices, "--access"),
            (language, DocumentLanguage.choices, "--language"),
        ):
            if value not in {v for v, _label in choices}:
                raise CommandError(
                    f"{option}: unknown value “{value}”; use one of: {_choices(choices)}"
                )
        defaults = {"document_type": type, "access_level": access, "language": language}
        items = self._collect(paths)
        total = len(items)
        names = ", ".join(g.slug for g in groups)
        self.stdout.write(f"Importing {total} file{'s' if total != 1 else ''} into {names}")
        counts = {"imported": 0, "duplicates": 0, "failed": 0, "warnings": 0}
        started = time.monotonic()
        width = len(str(total))
        # Checks, text and thumbnails are made ahead, in parallel sandbox children;
        # each file is stored and indexed here, in order, so duplicates within the run
        # are found as before and the database has one writer.
        preparing = services.prepare_files(
            ((item.path, item.path.name) for item in items if not item.problem),
            workers=workers,
        )
        for number, item in enumerate(items, start=1):
            prefix = f"[{number:>{width}}/{total}]"
            prepared = None if item.problem else next(preparing)
            outcome, message = self._import(item, groups, defaults, prepared)
            counts[outcome] += 1
            if outcome == "imported" and "text" in message and "extracted" not in message:
                counts["warnings"] += 1
            style = {
                "imported": self.style.SUCCESS,
                "duplicates": self.style.WARNING,
                "failed": self.style.ERROR,
            }[outcome]
            label = {"imported": "OK     ", "duplicates": "SKIPPED", "failed": "FAILED "}[outcome]
            if verbosity or outcome == "failed":
                self.stdout.write(f"{prefix} {style(label)} {item.shown}: {message}")
        seconds = time.monotonic() - started
        summary = (
            f"Done in {seconds:.1f} s: {counts['imported']} imported"
            f" ({counts['warnings']} without readable text), "
            f"{counts['duplicates']} duplicate{'s' if counts['duplicates'] != 1 else ''} skipped, "
            f"{counts['failed']} failed."
        )
        self.stdout.write(summary)
        if counts["failed"]:
            raise CommandError(
                f"{counts['failed']} of {total} files failed; see the lines marked FAILED.",
                returncode=1,
            )

    def _groups(self, slugs):
        groups = []
        for slug in slugs:
            group = SectorWorkingGroup.objects.filter(slug=slug).first()
            if group is None:
                known = ", ".join(
                    SectorWorkingGroup.objects.order_by("slug").values_list("slug", flat=True)
                )
                raise CommandError(
                    f"--swg: no sector working group “{slug}”. Known: {known or 'none'}"
                )
            groups.append(group)
        return groups

    def _collect(self, paths) -> list[Item]:
        items: list[Item] = []
        seen: set[Path] = set()
        for raw in paths:
            path = Path(raw)
            if not path.exists():
                raise CommandError(f"{raw}: no such file or folder")
            if path.is_dir():
                files = sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
                base = path
            else:
                files, base = [path], path.parent
            manifests: dict[Path, dict] = {}
            for file in files:
                folder = file.parent
                if folder not in manifests:
                    manifest = folder / MANIFEST
                    manifests[folder] = read_manifest(manifest) if manifest.is_file() else {}
            # Files the manifest describes go first: of two identical files, the one with
            # its metadata is kept and the other reported as its duplicate.
            files.sort(key=lambda f: (f.parent, f.name not in manifests[f.parent]))
            for file in files:
                if file.name == MANIFEST or file.resolve() in seen:
                    continue
                seen.add(file.resolve())
                row = manifests[file.parent].get(file.name, {})
                shown = str(file.relative_to(base)) if path.is_dir() else str(file)
                items.append(
                    Item(file, shown, dict(row.get("metadata", {})), row.get("problem", ""))
                )
            for folder, rows in manifests.items():
                for name in rows:
                    if not (folder / name).is_file():
                        items.append(
                            Item(
                                folder / name,
                                str(folder / name),
                                problem=f"listed in {MANIFEST} but not found",
                            )
                        )
        return items

    def _import(self, item: Item, groups, defaults, preparing) -> tuple[str, str]:
        if item.problem:
            return "failed", item.problem
        metadata = {**defaults, **item.metadata}
        try:
            prepared = preparing.result()
            existing = services.find_duplicate(prepared.checked.sha256)
            if existing is not None:
                raise services.DuplicateDocument(existing, prepared.checked)
            if prepared.extraction.status == ExtractionStatus.FAILED:
                reason = prepared.extraction.error or "text extraction failed"
                return "failed", f"text could not be extracted: {reason}; nothing was stored"
            with item.path.open("rb") as handle:
                document = services.store_document(
                    handle, name=item.path.name, swgs=groups, prepared=prepared, **metadata
                )
        except UploadRejected as rejection:
            return "failed", str(rejection.message)
        except services.DuplicateDocument as duplicate:
            existing = duplicate.existing
            return "duplicates", f"duplicate of document {existing.pk} “{existing.title}”"
        except OSError as error:
            return "failed", f"cannot read the file ({error.strerror or error})"
        except Exception as error:  # noqa: BLE001 - one file's failure must not stop the run
            return "failed", f"{type(error).__name__}: {error}"
        details = [document.file_kind.upper()]
        if document.page_count:
            details.append(f"{document.page_count} page{'s' if document.page_count != 1 else ''}")
        if document.extraction_status == ExtractionStatus.DONE:
            details.append(f"text extracted ({len(document.extracted_text):,} characters)")
            if document.extraction_error:  # e.g. read by OCR, or cut because very long
                details.append(document.extraction_error)
        else:
            details.append(
                f"text: {document.get_extraction_status_display()} — {document.extraction_error}"
            )
        return "imported", f"document {document.pk} “{document.title}” ({', '.join(details)})"
