"""The working tools of a public page, for those who may use them: "Edit this page",
"Add a meeting" on a space's meetings, "Upload a document" on its documents, "Members
and invitations" on its overview. `{% page_tools as tools %}` in base.html.

Who sees which tool is the policy's answer (swg.policy), never the template's. Readers
who may use none (everybody signed out, members, partners) get an empty list and the
page renders exactly as it would without this tag: anonymous pages stay one cacheable
page for everyone (web.caching), and signed-in pages are private anyway. The
answers come from what the policy already holds for the request, so no reader pays a
query for tools they cannot have.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from swg import policy, workspace

register = template.Library()

# Which space tab (swg.views) offers which tool besides editing.
OVERVIEW, MEETINGS, DOCUMENTS = "overview", "meetings", "documents"


def _tool(key, label, url):
    return {"key": key, "label": label, "url": url}


def tools_for(user, page, space_tab=None):
    """[{key, label, url}] of the tools `user` may use on `page` (on the space tab
    `space_tab` when `page` is an SWG space shown through one of its listings)."""
    if not (user and user.is_authenticated) or not isinstance(page, Page):
        return []
    tools = []
    group = getattr(page, "working_group", None) if space_tab else None
    # On a space's listings the page object is the space: "edit" belongs to its overview.
    # A page being previewed before its first save has no edit view yet.
    if space_tab in (None, OVERVIEW) and page.pk and policy.can_edit_page(user, page):
        tools.append(_tool("edit", _("Edit this page"), workspace.edit_page_url(page)))
    if group is None:
        return tools
    drafts_here = policy.can(user, policy.Capability.DRAFT, group)
    if space_tab == MEETINGS and drafts_here:
        tools.append(_tool("add_meeting", _("Add a meeting"), workspace.add_meeting_url(page)))
    if space_tab == DOCUMENTS and drafts_here:
        url = workspace.upload_document_url(group)
        tools.append(_tool("upload_document", _("Upload a document"), url))
    if space_tab == OVERVIEW and policy.can(user, policy.Capability.MANAGE_MEMBERS, group):
        url = reverse("roles_members", kwargs={"slug": group.slug})
        tools.append(_tool("members", _("Members and invitations"), url))
    return tools


@register.simple_tag(takes_context=True)
def page_tools(context):
    """The tools of the page being rendered, for the signed-in user (see `tools_for`)."""
    request = context.get("request")
    return tools_for(getattr(request, "user", None), context.get("page"), context.get("space_tab"))
