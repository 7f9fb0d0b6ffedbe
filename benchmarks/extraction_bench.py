"""Extraction throughput and peak memory, against DESIGN.md §5.

Budget: >= 10 ten-page PDFs per second extracted and indexed. This script
measures the extraction half the way the import command and the background
task run it (each file in its own sandboxed child, `extract_text`), with one
file in flight per core. Pass `--index-hook module:function` to time indexing
too: the hook is called in the parent as `hook(path, result)` for every file.

It also extracts one large PDF and reports the child's peak resident memory.

    .venv/bin/python benchmarks/extraction_bench.py [--files 40] [--large-pages 600]
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Each sandbox child re-imports this script as its main module (multiprocessing's
# forkserver does that), so everything heavy is imported inside functions.

TARGET_PER_SECOND = 10


def ten_page_pdfs(folder: Path, count: int) -> list[Path]:
    """`count` distinct bilingual ten-page PDFs of about 2,500 characters a page."""
    from documents import samples

    page_text = list(samples.LAO_PARAGRAPHS + samples.ENGLISH_PARAGRAPHS) * 2
    paths = []
    for number in range(count):
        paragraphs = [f"Document {number}, section {page}." for page in range(10)]
        body = [text for page in range(10) for text in [paragraphs[page], *page_text]]
        path = folder / f"report-{number:03d}.pdf"
        path.write_bytes(samples.make_pdf(body, pages=10, title=f"Report {number}"))
        paths.append(path)
    return paths


def load_hook(spec: str | None):
    """Resolve "module:function" to the indexing hook, or a no-op."""
    if not spec:
        return lambda path, result: None
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def measure_throughput(paths: list[Path], workers: int, hook) -> dict:
    """Extract every file (and call the hook), `workers` files in flight at once."""
    from documents.extraction import ExtractionStatus, extract_text
    from documents.filetypes import FileKind

    def one(path: Path):
        result = extract_text(path, FileKind.PDF)
        hook(path, result)
        return result

    # Start the fork server and warm the page cache outside the timing.
    one(paths[0])
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, paths))
    elapsed = time.perf_counter() - started
    failed = [r for r in results if r.status is not ExtractionStatus.DONE]
    pages = sum(r.page_count or 0 for r in results)
    return {
        "files": len(paths),
        "workers": workers,
        "seconds": elapsed,
        "files_per_second": len(paths) / elapsed,
        "pages_per_second": pages / elapsed,
        "median_file_seconds": statistics.median(r.seconds for r in results),
        # Wall-clock numbers suffer when other work shares the machine; CPU
        # time per file says what the cores could do if they were ours alone.
        "child_cpu_seconds_per_file": statistics.mean(r.cpu_seconds for r in results),
        "cpu_bound_files_per_second": workers
        / max(statistics.mean(r.cpu_seconds for r in results), 1e-9),
        "median_child_peak_mib": statistics.median(r.peak_memory for r in results) / 2**20,
        "not_done": len(failed),
        "pages_per_file": {r.page_count for r in results},
    }


def measure_in_process(paths: list[Path]) -> dict:
    """The same reads with no sandbox, one after another: what the sandbox costs."""
    from documents.extraction import read_text
    from documents.filetypes import FileKind

    started = time.process_time()
    for path in paths:
        read_text(str(path), FileKind.PDF, 5_000_000)
    cpu = time.process_time() - started
    return {"cpu_seconds_per_file_without_sandbox": cpu / len(paths)}


def measure_large_pdf(folder: Path, pages: int) -> dict:
    """Extract one `pages`-page PDF and report time and the child's peak RSS."""
    from documents import samples
    from documents.extraction import extract_text
    from documents.filetypes import FileKind

    body = list(samples.LAO_PARAGRAPHS + samples.ENGLISH_PARAGRAPHS) * 2
    path = folder / "large.pdf"
    started = time.perf_counter()
    path.write_bytes(samples.make_pdf(body * pages, pages=pages, title="Large report"))
    generated = time.perf_counter() - started
    result = extract_text(path, FileKind.PDF)
    return {
        "pages": result.page_count,
        "file_mib": path.stat().st_size / 2**20,
        "generate_seconds": generated,
        "status": result.status.value,
        "error": result.error,
        "extract_seconds": result.seconds,
        "child_cpu_seconds": result.cpu_seconds,
        "characters": len(result.text),
        "child_peak_rss_mib": (result.peak_memory or 0) / 2**20,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40, help="ten-page PDFs to extract")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--large-pages", type=int, default=500)
    parser.add_argument("--index-hook", help="module:function called as hook(path, result)")
    args = parser.parse_args(argv)
    from django.conf import settings

    if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        settings.configure()

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        print(f"generating {args.files} ten-page PDFs ...", flush=True)
        paths = ten_page_pdfs(folder, args.files)
        throughput = measure_throughput(paths, args.workers, load_hook(args.index_hook))
        for key, value in throughput.items():
            print(f"  {key}: {value:.2f}" if isinstance(value, float) else f"  {key}: {value}")
        for key, value in measure_in_process(paths).items():
            print(f"  {key}: {value:.3f}")
        verdict = "meets" if throughput["files_per_second"] >= TARGET_PER_SECOND else "MISSES"
        print(f"  -> {verdict} the budget of {TARGET_PER_SECOND} ten-page PDFs per second")

        print(f"generating a {args.large_pages}-page PDF ...", flush=True)
        large = measure_large_pdf(folder, args.large_pages)
        for key, value in large.items():
            print(f"  {key}: {value:.2f}" if isinstance(value, float) else f"  {key}: {value}")
    return 0 if throughput["not_done"] == 0 and large["status"] == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
