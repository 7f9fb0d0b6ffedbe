"""The admin dashboard's panel for each SWG the user works in: its space (on the site
and in the page explorer), "Add a meeting", "Upload a document", its drafts and what
waits for approval (swg.workspace gathers them)."""

from wagtail.admin.ui.components import Component

from swg import workspace


class WorkspacesPanel(Component):
    """One dashboard section per SWG of the user; nothing for anyone without one."""

    name = "swg_workspaces"
    # Above Wagtail's own panels (moderation 210-220, recent edits 250).
    order = 50
    template_name = "swg/admin/workspaces_panel.html"

    def get_context_data(self, parent_context=None):
        request = parent_context["request"]
        return {
            "request": request,
            "workspaces": [
                {
                    "work": work,
                    "add_meeting_url": work.space and workspace.add_meeting_url(work.space),
                    "upload_url": workspace.upload_document_url(work.group),
                    "spaces": [
                        {
                            "page": space,
                            "url": space.get_url(request),
                            "explore_url": workspace.explore_url(space),
                        }
                        for space in work.spaces
                    ],
                }
                for work in workspace.workspaces(request.user)
            ],
        }


def add_workspaces_panel(request, panels):
    """`construct_homepage_panels` hook."""
    if workspace.working_group_ids(request.user):
        panels.append(WorkspacesPanel())
