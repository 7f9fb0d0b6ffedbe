"""Rich text saved outside the admin editor (imports, shell, API) is cleaned on save
with Wagtail's whitelister, keeping the stored-format attributes Wagtail needs
(`linktype`/`id` on links, `embedtype` on embeds, `data-block-key` on blocks)."""

from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister, attribute_rule, check_url


def _keep_block_key(rule):
    def apply(tag):
        key = tag.attrs.get("data-block-key")
        result = rule(tag)
        if key is not None and result is not False:
            tag.attrs["data-block-key"] = key
        return result

    return apply


class StoredRichTextWhitelister(Whitelister):
    element_rules = {
        **{name: _keep_block_key(rule) for name, rule in DEFAULT_ELEMENT_RULES.items()},
        "a": attribute_rule({"href": check_url, "linktype": True, "id": True}),
        "embed": attribute_rule(
            {"embedtype": True, "id": True, "format": True, "alt": True, "url": check_url}
        ),
    }


def clean_rich_text(html):
    """`html` without scripts, event handlers or javascript: links."""
    if not html:
        return html
    return StoredRichTextWhitelister().clean(html)
