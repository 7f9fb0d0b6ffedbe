"""Search benchmark: build time, size, latency and Lao quality (DESIGN.md §5).

    .venv/bin/python benchmarks/search_bench.py [--documents 20000] [--rounds 5]
    .venv/bin/python benchmarks/search_bench.py --scale var/scale.sqlite3

Runs on a scratch SQLite database (``--db``, deleted first) with the project's
migrations, in one process, warm. With ``--scale`` it runs on a copy of the site built
by ``benchmarks/generate_scale.py`` instead (the original is left untouched): the
index is rebuilt from the site's real pages and documents, and the readers are the
site's own anonymous visitor and ``health.member@example.org``. It reports:

1. Lao precision and recall of a search for every word of two hand-segmented
   corpora -- twelve UDHR Lao articles (``benchmarks/data/udhr_lao_segmented.txt``,
   segmented starting from ICU and checked by hand) and thirty made-up paragraphs of
   SWG minutes (``benchmarks/data/lao_minutes_segmented.txt``, segmented by hand
   without any segmenter); see their headers. Each corpus is searched as paragraphs
   and as space-separated phrases (smaller documents, a harder test of precision).
   A result is relevant when its gold segmentation has the query word; precision and
   recall are over all results, R-precision over the first as many results as there
   are relevant documents (whole-word matches rank first). Measured for the portal
   search (words and syllables), split into words of several syllables and words of
   one; the portal matching whole words only (as before syllables were indexed); the
   portal without ICU; and, on the UDHR phrases, Wagtail's admin search with the
   portal's backend (``search/backends/admin.py``) and stock Wagtail search.
2. A §5-like data set -- 20,000 documents, 2,000 meetings and 500 news pages with Lao
   and English text built from UDHR paragraphs, 50 SWGs, every access level -- its
   index build time and size, and p50/p95 latency of a fixed mix of 1-3 word Lao and
   English queries with facets and snippets, as a public reader and as a member.
3. The same queries through stock Wagtail search on the same rows, and the ratio.

Text: the Universal Declaration of Human Rights, "UDHR in XML" collection
(github.com/eric-muller/udhr); the Lao version came to that collection from the UN
Office of the High Commissioner for Human Rights via the Language Observatory.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "data" / "udhr_lao_segmented.txt"
MINUTES = ROOT / "benchmarks" / "data" / "lao_minutes_segmented.txt"
DOC_TYPES = [
    "minutes",
    "agenda",
    "report",
    "presentation",
    "tor",
    "concept_note",
    "policy",
    "action_plan",
    "other",
]
QUERIES = [
    "ເສລີພາບ",
    "ສາສະໜາ",
    "ຄອບຄົວ",
    "ການສຶກສາ",
    "ສັນຊາດ",
    "ສິດເສລີພາບ",
    "ຄວາມປອດໄພ ສັງຄົມ",
    "ກົດໝາຍ ຄຸ້ມຄອງ ເທົ່າທຽມ",
    "freedom",
    "education",
    "human rights",
    "social security",
    '"equal protection"',
    "marriage family consent",
    "torture",
    "nationality",
]


def setup_django(db_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()


def load_udhr():
    spec = importlib.util.spec_from_file_location("udhr", ROOT / "tests" / "search" / "udhr.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- Lao precision / recall ----------------------------------------------------


def gold_documents(path: Path, unit: str) -> list[tuple[str, set[str]]]:
    """(text, gold words) per document of a hand-segmented corpus: a line
    (``"paragraph"``) or a space-separated phrase of it (``"phrase"``)."""
    from search.text import TOKEN_RE, normalize

    documents = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        chunks = line.split() if unit == "phrase" else [line]
        for chunk in chunks:
            words = {w for piece in chunk.split("|") for w in TOKEN_RE.findall(normalize(piece))}
            if words:
                documents.append((chunk.replace("|", ""), words))
    return documents


def precision_recall(documents, retrieve, words=None) -> dict:
    """Micro-averaged precision and recall over every distinct gold word used as a
    query (or ``words``), and R-precision: the share of relevant documents among the
    first as many results as there are relevant ones (whole-word matches rank first)."""
    vocabulary = sorted(words or {w for _, ws in documents for w in ws})
    tp = retrieved = relevant = 0
    r_precision = []
    for word in vocabulary:
        truth = {i for i, (_, ws) in enumerate(documents) if word in ws}
        ranked = retrieve(word)
        found = set(ranked)
        tp += len(truth & found)
        retrieved += len(found)
        relevant += len(truth)
        r_precision.append(len(truth & set(ranked[: len(truth)])) / len(truth))
    return {
        "precision": tp / max(retrieved, 1),
        "recall": tp / max(relevant, 1),
        "r_precision": sum(r_precision) / max(len(r_precision), 1),
        "queries": len(vocabulary),
    }


def _line(label, m) -> str:
    return (
        f"  {label:<44} precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
        f"R-precision {m['r_precision']:.3f}"
    )


@contextlib.contextmanager
def without_icu():
    """The pipeline as it runs where PyICU is not installed (words = syllables)."""
    from search import text

    segmenter = text._Segmenter.__new__(text._Segmenter)
    segmenter.iterator = None
    saved, text._segmenter = text._segmenter, segmenter
    try:
        yield
    finally:
        text._segmenter = saved


def bench_quality(out) -> None:
    from search import service
    from search.backends.base import Filters
    from search.text import Query, parse_query, syllables
    from search.visibility import Visibility

    everything = Visibility(everything=True)

    def portal(words_only=False):
        def retrieve(word):
            query = parse_query(word)
            if words_only:  # matching as before syllables were indexed
                query = Query(query.groups, (None,) * len(query.groups))
            results = service.search(
                query, visibility=everything, filters=Filters(kind="gold"), per_page=100
            )
            return [int(h.key.split(":")[1]) for h in results.hits]

        return retrieve

    for corpus, path in (("UDHR, 12 articles", GOLD), ("made-up SWG minutes", MINUTES)):
        for unit in ("paragraph", "phrase"):
            documents = gold_documents(path, unit)
            records = [
                {"key": f"gold:{i}", "kind": "gold", "title": f"unit {i}", "text": t, "url": "/"}
                for i, (t, _) in enumerate(documents)
            ]
            service.rebuild(records)
            vocabulary = {w for _, ws in documents for w in ws}
            multi = {w for w in vocabulary if len(syllables(w)) > 1}
            out(
                f"Lao quality, {corpus}: {len(documents)} {unit}s as documents, "
                f"{len(vocabulary)} distinct gold words as queries ({len(multi)} of "
                f"several syllables):"
            )
            out(
                _line(
                    f"portal ({service.backend_name()}, words + syllables)",
                    precision_recall(documents, portal()),
                )
            )
            out(
                _line(
                    "  the same, words of several syllables",
                    precision_recall(documents, portal(), multi),
                )
            )
            out(
                _line(
                    "  the same, one-syllable words",
                    precision_recall(documents, portal(), vocabulary - multi),
                )
            )
            out(
                _line(
                    "portal, whole words only (before)", precision_recall(documents, portal(True))
                )
            )
            with without_icu():
                service.rebuild(records)
                out(
                    _line(
                        "portal without ICU (words = syllables)",
                        precision_recall(documents, portal()),
                    )
                )
            if unit == "phrase" and path == GOLD:
                bench_wagtail_quality(out, documents)


def bench_wagtail_quality(out, documents) -> None:
    """The admin's own search and stock Wagtail search on the same records."""
    from search import service

    records = [
        {"key": f"gold:{i}", "kind": "gold", "title": f"unit {i}", "text": t, "url": "/"}
        for i, (t, _) in enumerate(documents)
    ]
    service.rebuild(records)

    def wagtail_retrieve(backend):
        def retrieve(word):
            qs = model.objects.filter(kind="gold")
            return [int(o.key.split(":")[1]) for o in backend.search(word, qs)[:100]]

        return retrieve

    model = stock_model()
    objs = list(model.objects.filter(kind="gold"))
    admin = admin_backend()
    admin.reset_indexes()  # only the gold units, as for the portal search above
    admin.add_bulk(model, objs)
    m = precision_recall(documents, wagtail_retrieve(admin))
    out(_line(f"Wagtail admin search ({type(admin).__name__})", m))
    backend = stock_backend()
    backend.add_bulk(model, objs)
    m = precision_recall(documents, wagtail_retrieve(backend))
    out(_line(f"stock Wagtail search ({type(backend).__name__})", m))


# -- Stock Wagtail search ------------------------------------------------------


_STOCK_MODEL = None


def stock_model():
    """A proxy of SearchRecord indexed by Wagtail's search, with the plain text."""
    global _STOCK_MODEL
    if _STOCK_MODEL is None:
        from modelsearch import index

        from search.models import SearchRecord
        from search.text import unmark

        class StockRecord(index.Indexed, SearchRecord):
            search_fields = [
                index.SearchField("plain_title", boost=10),
                index.SearchField("plain_text"),
                index.FilterField("kind"),
                index.FilterField("access"),
            ]

            class Meta:
                proxy = True
                app_label = "search"

            def plain_title(self):
                return unmark(self.title)

            def plain_text(self):
                return unmark(self.text)

        _STOCK_MODEL = StockRecord
    return _STOCK_MODEL


def admin_backend():
    """The project's WAGTAILSEARCH_BACKENDS (segmenting), on the Lao-safe FTS table."""
    from django.db import connection
    from modelsearch.backends import get_search_backend

    from search.backends.admin import FTS5_TOKENIZE, recreate_wagtail_fts

    recreate_wagtail_fts(connection, FTS5_TOKENIZE)
    return get_search_backend()


def stock_backend():
    """modelsearch's database backend as shipped, on the FTS table Wagtail creates."""
    from django.db import connection
    from modelsearch.backends import get_search_backend

    from search.backends.admin import recreate_wagtail_fts

    recreate_wagtail_fts(connection, None)
    return get_search_backend("modelsearch.backends.database")


# -- Data set and latency ------------------------------------------------------


def generate(n_documents: int, seed: int = 42):
    udhr = load_udhr()
    rng = random.Random(seed)
    lao = udhr.paragraphs("lao")
    eng = udhr.paragraphs("eng")
    lao_titles = [t for _, t, _ in udhr.articles("lao")]
    eng_articles = udhr.articles("eng")
    swgs = list(range(1, 51))

    def body(language, k):
        if language == "lo":
            return "\n\n".join(rng.choices(lao, k=k))
        if language == "en":
            return "\n\n".join(rng.choices(eng, k=k))
        return "\n\n".join(rng.choice(lao) + "\n\n" + rng.choice(eng) for _ in range(k // 2 + 1))

    def common(i, kind):
        language = rng.choices(["lo", "en", "both"], weights=[45, 35, 20])[0]
        access = rng.choices(["public", "members", "restricted"], weights=[60, 30, 10])[0]
        swg = rng.choice(swgs)
        article = rng.randrange(30)
        title = (
            f"{lao_titles[article]} {eng_articles[article][1]} — {kind} {i}"
            if language == "both"
            else (lao_titles[article] if language == "lo" else eng_articles[article][1])
            + f" — {kind} {i}"
        )
        return {
            "language": language,
            "access": access,
            "swg_ids": [swg],
            "swg_slugs": [f"swg-{swg}"],
            "date": date(2016, 1, 1).fromordinal(
                date(2016, 1, 1).toordinal() + rng.randrange(3650)
            ),
            "title": title,
        }

    for i in range(n_documents):
        c = common(i, "document")
        yield {
            "key": f"document:{i}",
            "kind": "document",
            "doc_type": rng.choice(DOC_TYPES),
            "text": body(c["language"], rng.randint(3, 12)),
            "url": f"/documents/{i}/file.pdf",
            **c,
        }
    for i in range(n_documents // 10):
        c = common(i, "meeting")
        yield {
            "key": f"page:m{i}",
            "kind": "meeting",
            "doc_type": "meeting",
            "text": body(c["language"], rng.randint(2, 5)),
            "url": f"/en/swg/x/meetings/{i}/",
            **c,
        }
    for i in range(n_documents // 40):
        c = common(i, "news")
        c["access"] = "public"
        yield {
            "key": f"page:n{i}",
            "kind": "news",
            "doc_type": "news",
            "text": body(c["language"], rng.randint(2, 4)),
            "url": f"/en/news/{i}/",
            **c,
        }


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def index_size(db_path: Path) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        try:
            cursor.execute(
                "SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'search_%' GROUP BY name"
            )
            rows = cursor.fetchall()
        except Exception:  # noqa: BLE001 - dbstat is an optional SQLite module
            rows = []
    if rows:
        total = sum(size for _, size in rows)
        fts = sum(size for name, size in rows if "_fts" in name)
        return f"{total / 1e6:.1f} MB search tables, of which FTS index {fts / 1e6:.1f} MB"
    return f"database file {db_path.stat().st_size / 1e6:.1f} MB (dbstat unavailable)"


def bench_latency(
    out, n_documents: int, rounds: int, db_path: Path, stock_queries: int = 2
) -> None:
    from search.visibility import Visibility

    build_index(out, generate(n_documents), db_path)
    member = Visibility(member_swg_ids=frozenset({1, 2, 3}), restricted_swg_ids=frozenset({1}))
    per_query = measure(out, {"public": Visibility(), "member": member}, rounds)
    bench_stock(out, per_query, stock_queries)


def bench_scale(out, db_path: Path, rounds: int, stock_queries: int) -> None:
    """The same measurements on the generated §5 site: its own records and readers."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from search.registry import iter_all_records
    from search.visibility import visibility_for

    build_index(out, iter_all_records(), db_path)
    member = get_user_model().objects.get(email="health.member@example.org")
    readers = {"public": visibility_for(AnonymousUser()), "member": visibility_for(member)}
    per_query = measure(out, readers, rounds)
    bench_stock(out, per_query, stock_queries)


def build_index(out, records, db_path: Path) -> None:
    from django.db import connection

    from search import service
    from search.models import SearchRecord

    started = time.perf_counter()
    count = service.rebuild(records)
    build = time.perf_counter() - started
    chars = sum(len(t) for t in SearchRecord.objects.values_list("text", flat=True).iterator())
    out(f"Data set: {count} records, {chars / 1e6:.0f} M characters of text")
    out(f"  build ({service.backend_name()}): {build:.1f} s ({count / build:.0f} records/s)")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    out(f"  size: {index_size(db_path)}")


def measure(out, readers: dict, rounds: int) -> dict[str, list[float]]:
    """p50/p95 of the query mix for each reader; per-query timings."""
    from search import service

    for visibility in readers.values():  # warm up
        for q in QUERIES:
            service.search(q, visibility=visibility)
    timings, cpu_timings, per_query = [], [], {}
    for _ in range(rounds):
        for who, visibility in readers.items():
            for q in QUERIES:
                t0, c0 = time.perf_counter(), time.process_time()
                results = service.search(q, visibility=visibility)
                elapsed = (time.perf_counter() - t0) * 1000
                cpu_timings.append((time.process_time() - c0) * 1000)
                timings.append(elapsed)
                per_query.setdefault(q, []).append(elapsed)
                assert results.count == 0 or results.hits[0].snippet is not None
                assert set(results.facets) == {"swg", "type", "year", "language"}, who
    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    out(
        f"  portal search, {len(timings)} queries with facets + snippets: "
        f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {max(timings):.1f} ms"
    )
    # CPU time of this process: the service time without waiting for a shared CPU.
    out(
        f"  the same, CPU time: p50 {percentile(cpu_timings, 0.5):.1f} ms  "
        f"p95 {percentile(cpu_timings, 0.95):.1f} ms  (load average {os.getloadavg()[0]:.1f})"
    )
    slowest = sorted(per_query.items(), key=lambda kv: -statistics.median(kv[1]))[:3]
    out(
        "  slowest (median): "
        + ", ".join(f"{q!r} {statistics.median(v):.1f} ms" for q, v in slowest)
    )
    return per_query


def bench_stock(out, per_query: dict, stock_queries: int) -> None:
    model = stock_model()
    backend = stock_backend()
    started = time.perf_counter()
    qs = model.objects.exclude(kind="gold")
    batch = []
    for obj in qs.iterator(chunk_size=1000):
        batch.append(obj)
        if len(batch) == 1000:
            backend.add_bulk(model, batch)
            batch = []
    if batch:
        backend.add_bulk(model, batch)
    out(f"  stock Wagtail index build: {time.perf_counter() - started:.1f} s")
    # Stock search takes tens of seconds per query at this size, so only the first
    # ``stock_queries`` Lao and English queries of the mix run, once each, unwarmed.
    stock_timings = []
    public_qs = model.objects.filter(access="public")
    lao = [q for q in QUERIES if not q.isascii()][:stock_queries]
    eng = [q for q in QUERIES if q.isascii()][:stock_queries]
    for q in lao + eng:
        t0 = time.perf_counter()
        results = backend.search(q, public_qs)
        list(results[:20])
        results.count()
        stock_timings.append((time.perf_counter() - t0) * 1000)
        out(f"    stock {q!r}: {stock_timings[-1]:.0f} ms")
    s50 = statistics.median(stock_timings)
    portal_same = [statistics.median(per_query[q]) for q in lao + eng]
    p_same = statistics.median(portal_same)
    out(
        f"  stock Wagtail search (no facets, no snippets), {len(stock_timings)} queries: "
        f"median {s50:.0f} ms, max {max(stock_timings):.0f} ms; portal median on the same "
        f"queries {p_same:.1f} ms = {p_same / s50:.4f} x stock"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "swg-search-bench.sqlite3"
    )
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--stock-queries", type=int, default=2, help="per language")
    parser.add_argument(
        "--scale",
        type=Path,
        help="a site built by generate_scale.py: measure on a copy of it (as --db)",
    )
    args = parser.parse_args(argv)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    if args.scale:
        source = sqlite3.connect(args.scale)
        with sqlite3.connect(args.db) as copy:
            source.backup(copy)
        source.close()
        os.environ.setdefault("MEDIA_ROOT", str(args.scale.parent / "scale-media"))
    setup_django(args.db)
    from django.core.management import call_command

    from search.text import segmenter_name

    def out(line):
        print(line, flush=True)

    out(f"segmenter: {segmenter_name()}; database: {args.db}")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    out(f"migrate: {time.perf_counter() - t0:.1f} s")
    if args.scale:
        # Latency first: the quality corpus replaces the site's search records.
        if not args.skip_latency:
            bench_scale(out, args.db, args.rounds, args.stock_queries)
        bench_quality(out)
        return
    bench_quality(out)
    if not args.skip_latency:
        bench_latency(out, args.documents, args.rounds, args.db, args.stock_queries)


if __name__ == "__main__":
    main()
