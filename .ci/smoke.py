"""Ask a running portal for what a first visitor and a feed reader ask for, and check
the answers: python3 .ci/smoke.py BASE_URL [--wait SECONDS] [--pid PID]

Waits for /healthz (giving up when the server process PID ends or SECONDS pass), then
fetches the Lao and English home pages, the news and an SWG feed, an SWG calendar,
the sitemap, the search API (an English and a Lao query) and a public document, and
checks status, type and content; every absolute link must point at BASE_URL. Standard
library only: it runs before and outside the portal's own environment."""

import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from xml.etree import ElementTree  # noqa: S405 - our own server's answers

TIMEOUT = 60  # seconds per request (a cold first page renders templates, fonts, ...)
LAO = re.compile(r"[\u0e80-\u0eff]")
failures = []


def fetch(base, path):
    """(status, content type, body bytes) of GET base+path; never raises."""
    # BASE_URL is the loopback server this script was started for (http:// only).
    request = urllib.request.Request(  # noqa: S310
        base + path, headers={"Accept-Language": "en", "User-Agent": "portal-ci-smoke"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()
    except (urllib.error.URLError, OSError) as error:
        return None, "", str(error).encode()


def check(what, condition, detail=""):
    print(f"{'ok  ' if condition else 'FAIL'} {what}{'' if condition else ': ' + detail}")
    if not condition:
        failures.append(what)
    return condition


def get(base, path, content_type):
    status, kind, body = fetch(base, path)
    fine = status == 200 and kind.startswith(content_type)
    shown = urllib.parse.unquote(path)
    check(f"GET {shown} -> 200 {content_type}", fine, f"{status} {kind} {body[:300]!r}")
    return body if fine else None


def wait_until_ready(base, seconds, pid):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pid and not _alive(pid):
            return check("server is running", False, f"process {pid} ended before answering")
        status, _kind, body = fetch(base, "/healthz")
        if status in (200, 503):
            return check("GET /healthz -> 200", status == 200, body.decode()[:300])
        time.sleep(2)
    return check("server answers", False, f"no answer from {base} in {seconds} s")


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def all_on(base, links, what):
    links = [link for link in links if link]
    stray = [link for link in links if not link.startswith(base + "/")]
    check(f"{what}: {len(links)} links, all on {base}", links and not stray, f"{stray[:5]}")


def home_pages(base):
    for language in ("lo", "en"):
        body = get(base, f"/{language}/", "text/html")
        if body is not None:
            html = body.decode()
            check(f"/{language}/ is in {language}", f'<html lang="{language}">' in html)
            check(f"/{language}/ has Lao text", bool(LAO.search(html)))
            check(f"/{language}/ links the SWGs", f"/{language}/swg/" in html)


def feeds(base):
    for path in ("/en/news/feed/", "/lo/swg/health/feed/"):
        body = get(base, path, "application/rss+xml")
        if body is None:
            continue
        channel = ElementTree.fromstring(body).find("channel")  # noqa: S314
        items = channel.findall("item") if channel is not None else []
        check(f"{path} has items", len(items) > 0)
        all_on(base, [item.findtext("link") for item in items], path)


def calendar(base):
    path = "/en/swg/health/meetings.ics"
    body = get(base, path, "text/calendar")
    if body is None:
        return
    text = body.decode()
    check(f"{path} is a calendar", text.startswith("BEGIN:VCALENDAR"))
    check(f"{path} has meetings", text.count("BEGIN:VEVENT") > 0)
    all_on(base, re.findall(r"^URL[^:]*:(\S+)", text, flags=re.MULTILINE), path)


def sitemap(base):
    body = get(base, "/sitemap.xml", "application/xml")
    if body is not None:
        namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
        root = ElementTree.fromstring(body)  # noqa: S314
        all_on(base, [loc.text for loc in root.iter(f"{namespace}loc")], "/sitemap.xml")


def search(base):
    document = None
    for query in ("health", "ສາທາລະນະສຸກ"):
        body = get(base, "/api/search/?" + urllib.parse.urlencode({"q": query}), "application/json")
        if body is None:
            continue
        answer = json.loads(body)
        results = answer.get("results", [])
        check(f"search {query!r} finds something", answer.get("count", 0) > 0 and bool(results))
        fields = {"title", "url", "kind", "swg", "type", "date", "language", "access", "snippet"}
        check(
            f"search {query!r}: results carry the API's fields",
            all(fields <= set(r) for r in results),
        )
        document = document or next(
            (r for r in results if r.get("kind") == "document" and r.get("access") == "public"),
            None,
        )
    if check("search finds a public document", document is not None):
        url = urllib.parse.urlsplit(document["url"])
        path = urllib.parse.quote(url.path, safe="/%") + (f"?{url.query}" if url.query else "")
        status, _kind, body = fetch(base, path)
        check(f"GET {path} -> 200 with the file", status == 200 and len(body) > 100, f"{status}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--wait", type=int, default=600)
    parser.add_argument("--pid", type=int, default=0)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    if wait_until_ready(base, args.wait, args.pid):
        for step in (home_pages, feeds, calendar, sitemap, search):
            step(base)
    if failures:
        print(f"{len(failures)} check(s) failed against {base}")
        return 1
    print(f"every check passed against {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
