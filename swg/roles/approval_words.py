"""What the admin says around an SWG's approval, in the admin user's language.

Wagtail labels the submit button "Submit to <workflow name>", the approver's buttons
with its own words ("Approve and Publish", "Request changes"), and after an approval
it only says "Page '...' has been updated." For a page under an SWG's approval
workflow (swg.roles.workflows) the editor instead reads whom it goes to and what each
button does ("Submit to the Health SWG chairs for approval", "Approve and publish"),
and after the step, what happened ("Approved and published: ...").
"""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail.admin.action_menu import SubmitForModerationMenuItem, WorkflowMenuItem

from swg.roles.workflows import working_group_of_workflow

SUBMIT = _("Submit to the %(swg)s SWG chairs for approval")
RESUBMIT = _("Submit again to the %(swg)s SWG chairs for approval")
APPROVE = _("Approve and publish")
APPROVE_WITH_COMMENT = _("Approve and publish, with a comment")
REQUEST_CHANGES = _("Send back for changes")

SUBMITTED = _("“%(title)s” has been sent to the %(swg)s SWG chairs for approval.")
APPROVED = _("Approved and published: “%(title)s”.")
APPROVED_FOR_LATER = _("Approved: “%(title)s” will be published at the time set for it.")
SENT_BACK = _("Sent back for changes: “%(title)s”. Whoever submitted it is told by e-mail.")


def approving_swg(page, parent_page=None):
    """The SWG whose approval workflow `page` (or a new page under `parent_page`) is in."""
    holder = page if page is not None and page.pk else parent_page
    return working_group_of_workflow(holder.get_workflow()) if holder is not None else None


class SubmitToChairsMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit button, saying whose approval the page goes to."""

    def __init__(self, swg, order=None):
        super().__init__(order=order)
        self.swg = swg

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page is not None and page.pk else None
        again = state is not None and state.status == state.STATUS_NEEDS_CHANGES
        context["label"] = (RESUBMIT if again else SUBMIT) % {"swg": self.swg.name}
        return context


def name_the_steps(menu_items, context):
    """Relabel the page editor's action menu (hook `construct_page_action_menu`)."""
    swg = approving_swg(context.get("page"), context.get("parent_page"))
    if swg is None:
        return
    for index, item in enumerate(menu_items):
        if isinstance(item, SubmitForModerationMenuItem):
            menu_items[index] = SubmitToChairsMenuItem(swg, order=item.order)
        elif isinstance(item, WorkflowMenuItem) and item.name == "approve":
            item.label = APPROVE_WITH_COMMENT if item.launch_modal else APPROVE
        elif isinstance(item, WorkflowMenuItem) and item.name == "reject":
            item.label = REQUEST_CHANGES


def say_what_happened(request, page):
    """Replace Wagtail's confirmation of a submission or an approval step with one
    that says what happened (hooks `after_create_page` and `after_edit_page`)."""
    swg = approving_swg(page)
    if swg is None or request.method != "POST":
        return
    title = page.get_admin_display_title()
    if request.POST.get("action-submit"):
        text = SUBMITTED % {"title": title, "swg": swg.name}
    elif request.POST.get("action-workflow-action"):
        action = request.POST.get("workflow-action-name")
        if action == "approve":
            page.refresh_from_db()
            later = page.scheduled_revision is not None
            text = (APPROVED_FOR_LATER if later else APPROVED) % {"title": title}
        elif action == "reject":
            text = SENT_BACK % {"title": title}
        else:
            return
    else:
        return
    _replace_last_success(request, text)


def _replace_last_success(request, text):
    """Put `text` in the place of the last success message queued for `request`."""
    queued = list(messages.get_messages(request))  # read: the storage keeps only new ones
    last = max((i for i, m in enumerate(queued) if m.level == messages.SUCCESS), default=None)
    for index, message in enumerate(queued):
        if index == last:
            messages.add_message(request, messages.SUCCESS, text, extra_tags=message.extra_tags)
        else:
            messages.add_message(request, message.level, message.message, message.extra_tags)
    if last is None:
        messages.success(request, text)
