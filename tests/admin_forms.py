"""Post Wagtail admin page forms as the browser would, from the form the admin renders."""

import lxml.html

# Stream fields post their item count from JavaScript; the rendered form lacks it.
STREAM_FIELDS = ("agenda", "body")


def page_form_data(response, **changes):
    """The fields of the admin page form in `response` (a GET of the create or edit
    view), as a dict of lists ready for `client.post`, with `changes` applied."""
    document = lxml.html.fromstring(response.content.decode())
    form = document.get_element_by_id("page-edit-form")
    data = {}
    for name, value in _successful_controls(form):
        data.setdefault(name, []).append(value)
    for name in STREAM_FIELDS:
        if f"{name}-count" not in data and form.xpath(f'.//*[@id="{name}"]'):
            data[f"{name}-count"] = ["0"]
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    return data


def _successful_controls(form):
    """(name, value) of what a browser submits: lxml's `form_values` leaves out inputs
    without a value attribute, which a browser sends as "" (e.g. a new child's id), and
    includes the blank forms inside <template> elements, which a browser does not."""
    for element in form.iter("input", "select", "textarea"):
        name = element.get("name")
        if not name or element.get("disabled") is not None or _in_template(element):
            continue
        kind = (element.get("type") or "text").lower()
        if element.tag == "textarea":
            yield name, element.text or ""
        elif element.tag == "select":
            selected = [o for o in element.iter("option") if o.get("selected") is not None]
            if not selected and element.get("multiple") is None:
                selected = list(element.iter("option"))[:1]
            for option in selected:
                yield name, option.get("value", option.text or "")
        elif kind in ("checkbox", "radio"):
            if element.get("checked") is not None:
                yield name, element.get("value", "on")
        elif kind not in ("submit", "button", "image", "reset", "file"):
            yield name, element.get("value", "")


def _in_template(element):
    return any(ancestor.tag == "template" for ancestor in element.iterancestors())
