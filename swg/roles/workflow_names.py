"""Workflow and task names in the admin user's language.

Upstream gap: Wagtail stores a workflow's and a task's name as one database string and
shows it as it is in some twenty places (the editor's status panel, "Sent to ...",
moderation lists, workflow history, reports, its own e-mails); there is no hook to
translate it. Delete this module when Wagtail names workflows and tasks per language
(not so in Wagtail 8.0.1), and store the names that way.

Until then the SWG approval workflows (swg.roles.workflows) keep both languages in
the name, English first: ``"Approval by the Health SWG chairs ‖ ການອະນຸມັດ..."``.
Each `Workflow` or `Task` loaded shows the part of the active language, as Wagtail
activates the admin user's language before it reads them; just before it is saved,
the stored pair comes back, unless someone gave it a new name (which is then kept as
given, in one language). Names without the separator pass through unchanged.

Wagtail's page history copies the names into each log entry when a workflow starts,
moves on or ends ("Approved at '...'"): those entries are stored with both languages
too, and shown in the reader's.
"""

from django.db.models.signals import post_init, post_save, pre_save
from django.utils.translation import get_language
from wagtail.models import GroupApprovalTask, PageLogEntry, Task, Workflow

SEPARATOR = " ‖ "
_STORED = "_name_as_stored"
_SHOWN = "_name_as_shown"
MODELS = (Workflow, Task, GroupApprovalTask)


def bilingual(english, lao):
    """The stored form of a name given in both languages."""
    return f"{english}{SEPARATOR}{lao}"


def in_language(name, language):
    """The part of a stored name for `language` ("lo", else English)."""
    if not name or SEPARATOR not in name:
        return name
    english, lao = name.split(SEPARATOR, 1)
    return lao if (language or "").startswith("lo") else english


def _show(instance):
    stored = instance.__dict__.get("name")
    if stored and SEPARATOR in stored:
        shown = in_language(stored, get_language())
        instance.__dict__.update({"name": shown, _STORED: stored, _SHOWN: shown})


def show_in_active_language(sender, instance, **kwargs):
    _show(instance)


def keep_both_languages(sender, instance, **kwargs):
    stored = instance.__dict__.pop(_STORED, None)
    if stored and instance.__dict__.get("name") == instance.__dict__.pop(_SHOWN, None):
        instance.name = stored


def show_again(sender, instance, **kwargs):
    _show(instance)


# --- Page history ---------------------------------------------------------------------

_WORKFLOW_ACTIONS = "wagtail.workflow."


def _named_parts(data):
    """(model, part) for each {"id", "title"} in a workflow log entry's data."""
    workflow = (data or {}).get("workflow")
    if not isinstance(workflow, dict):
        return
    yield Workflow, workflow
    for key in ("task", "next"):
        if isinstance(workflow.get(key), dict):
            yield Task, workflow[key]


def store_log_names_in_both_languages(sender, instance, **kwargs):
    if not (instance.action or "").startswith(_WORKFLOW_ACTIONS):
        return
    for model, part in _named_parts(instance.data):
        stored = model.objects.filter(pk=part.get("id")).values_list("name", flat=True).first()
        if stored and SEPARATOR in stored:
            part["title"] = stored


def show_log_names_in_active_language(sender, instance, **kwargs):
    if (instance.__dict__.get("action") or "").startswith(_WORKFLOW_ACTIONS):
        for _model, part in _named_parts(instance.__dict__.get("data")):
            part["title"] = in_language(part.get("title"), get_language())


def connect():
    """Called once from RolesConfig.ready."""
    for model in MODELS:
        post_init.connect(show_in_active_language, sender=model, dispatch_uid=f"names-{model}")
        pre_save.connect(keep_both_languages, sender=model, dispatch_uid=f"names-{model}")
        post_save.connect(show_again, sender=model, dispatch_uid=f"names-{model}")
    pre_save.connect(store_log_names_in_both_languages, sender=PageLogEntry, dispatch_uid="names")
    post_init.connect(show_log_names_in_active_language, sender=PageLogEntry, dispatch_uid="names")
