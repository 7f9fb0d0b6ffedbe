"""Helpers the browser tests share (fixtures live in conftest.py)."""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
LANGUAGES = ("lo", "en")
ACCEPT_LANGUAGE = {"lo": "lo,en;q=0.5", "en": "en-GB,en;q=0.9"}

# DESIGN.md §5: first visit of the home page, Lao font included.
PAGE_BYTES_BUDGET = 300 * 1024
SCRIPT_BYTES_BUDGET = 30 * 1024

# axe impacts that fail the build; "moderate" and "minor" are reported only.
BLOCKING_IMPACTS = ("serious", "critical")

# A Lao word inside a longer run of Lao (no spaces), in the demo's Health news title.
LAO_WORD = "ສາທາລະນະສຸກ"
LAO_NO_HITS = "ບໍ່ມີຄຳນີ້ແນ່ນອນ"


def blocking(violations):
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(failures):
    """Readable assertion message: page, rule, impact, first nodes, how to fix."""
    lines = []
    for label, violations in failures.items():
        for v in violations:
            lines.append(f"{label}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes'][:3]}")
            if v["summary"]:
                lines.append("    " + v["summary"].replace("\n", "\n    "))
    return "\n".join(lines)


def html_lang(page):
    return page.evaluate("document.documentElement.lang")


def loaded_font_faces(page, family="Noto Sans Lao"):
    """Weights of `family` faces the page actually downloaded and uses."""
    return page.evaluate(
        """async (family) => {
               await document.fonts.ready;
               return [...document.fonts]
                   .filter(f => f.family.replace(/"/g, '') === family && f.status === 'loaded')
                   .map(f => f.weight + ' ' + f.unicodeRange.slice(0, 14));
           }""",
        family,
    )


@dataclass
class PageWeight:
    """What a cold first visit of one URL transferred, from Chromium's network log."""

    name: str
    url: str
    viewport: str
    requests: int = 0
    transferred_bytes: int = 0
    script_bytes: int = 0
    font_bytes: int = 0
    by_type: dict = field(default_factory=dict)
    resources: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


def measure_page_weight(context, path, name, viewport):
    """Load `path` in a fresh page with the HTTP cache disabled; count bytes on the wire.

    Bytes are Chromium's `encodedDataLength` (headers plus body as received), summed
    over every request the page made until the network went quiet and fonts loaded.
    """
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    seen: dict[str, dict] = {}
    pending: set[str] = set()

    def on_request(event):
        pending.add(event["requestId"])

    def on_response(event):
        response = event["response"]
        seen.setdefault(event["requestId"], {}).update(
            url=response["url"], type=event["type"], status=response["status"]
        )

    def on_finished(event):
        pending.discard(event["requestId"])
        seen.setdefault(event["requestId"], {})["bytes"] = int(event["encodedDataLength"])

    def on_failed(event):
        pending.discard(event["requestId"])

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.loadingFailed", on_failed)
    page.goto(path, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    # Quiet: nothing in flight for half a second (late fonts and lazy images included).
    quiet_since = None
    for _ in range(100):
        page.wait_for_timeout(100)
        if pending:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = 0
        else:
            quiet_since += 1
            if quiet_since >= 5:
                break
    else:
        raise AssertionError(f"{path}: requests still running after 10 s: {pending}")
    weight = PageWeight(name=name, url=path, viewport=viewport)
    for item in seen.values():
        if "bytes" not in item or "url" not in item:
            continue
        weight.requests += 1
        weight.transferred_bytes += item["bytes"]
        kind = item["type"]
        weight.by_type[kind] = weight.by_type.get(kind, 0) + item["bytes"]
        if kind == "Script":
            weight.script_bytes += item["bytes"]
        if kind == "Font":
            weight.font_bytes += item["bytes"]
        origin_free = "/" + item["url"].split("/", 3)[-1]
        weight.resources.append(
            {"url": origin_free, "type": kind, "status": item["status"], "bytes": item["bytes"]}
        )
    weight.resources.sort(key=lambda r: -r["bytes"])
    page.close()
    return weight


def write_page_weights(weights):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = {
        "budget": {"transferred_bytes": PAGE_BYTES_BUDGET, "script_bytes": SCRIPT_BYTES_BUDGET},
        "note": (
            "Cold cache, as served by the test live server (no HTTP compression: "
            "production WhiteNoise also sends compressed CSS, so this is an upper bound)."
        ),
        "pages": [w.as_dict() for w in weights],
    }
    path = ARTIFACTS / "page-weight.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def run_on_commit_callbacks():
    """Run what a commit would run now and forget it: the live server's transaction
    never commits (see conftest), so e.g. an invitation e-mail queued for after the
    commit is sent only when a journey calls this."""
    from django.db import connection

    callbacks, connection.run_on_commit = connection.run_on_commit, []
    for _savepoints, callback, _robust in callbacks:
        callback()


def totp_code(secret):
    """The code an authenticator app shows now for `secret`. allauth accepts only the
    current period's code (no tolerance), so a code about to expire is not used: wait
    for the next one, as a person would."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def sign_in_to_admin(page, email, password):
    """Password, then the authenticator code, as an officer does; ends on /admin/."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    secret = generate_totp_secret()
    TOTP.activate(get_user_model().objects.get(email=email), secret)
    page.goto("/accounts/login/?next=/admin/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
