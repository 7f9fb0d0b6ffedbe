"""Django's own user-facing messages, repeated for the Lao catalog.

Django ships no Lao catalog, so in Lao its form errors ("This field is required."),
validation messages, file sizes ("1,5 KB"), time spans ("2 days"), paginator and CSRF
failure texts would stay English. This module repeats the gettext calls for those
messages, with Django's exact msgids, plurals and contexts, so that `makemessages`
extracts them into `locale/lo/LC_MESSAGES/django.po`, where they are translated; at
run time the portal's catalog (LOCALE_PATHS) answers for Django too. Nothing imports
this module: it exists to be extracted. The msgids come from Django's English catalog
(`django/conf/locale/en/LC_MESSAGES/django.po`, and
`django/contrib/auth/locale/...` for the password validators), grouped by the file that uses them;
`tests/portal/test_formats.py` checks that Django still has every one of them.
Model field descriptions (only shown by admindocs) are left out.
"""

# ruff: noqa: E501  (Django's msgids, kept whole so that they can be compared)
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

MESSAGES = [
    # django/forms/fields.py
    _("Enter a valid URL."),
    _("Enter a number."),
    _("This field is required."),
    _("Enter a whole number."),
    _("Enter a valid date."),
    _("Enter a valid time."),
    _("Enter a valid date/time."),
    _("Enter a valid duration."),
    _("The number of days must be between {min_days} and {max_days}."),
    _("No file was submitted. Check the encoding type on the form."),
    _("No file was submitted."),
    _("The submitted file is empty."),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        "n",
    ),
    _("Please either submit a file or check the clear checkbox, not both."),
    _("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
    _("Select a valid choice. %(value)s is not one of the available choices."),
    _("Enter a list of values."),
    _("Enter a complete value."),
    _("Enter a valid UUID."),
    _("Enter a valid JSON."),
    # django/core/validators.py
    _("Enter a valid value."),
    _("Enter a valid domain name."),
    _("Enter a valid integer."),
    _("Enter a valid email address."),
    _("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    _("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."),
    _("Enter a valid %(protocol)s address."),
    _("IPv4"),
    _("IPv6"),
    _("IPv4 or IPv6"),
    _("Enter only digits separated by commas."),
    _("Ensure this value is %(limit_value)s (it is %(show_value)s)."),
    _("Ensure this value is less than or equal to %(limit_value)s."),
    _("Ensure this value is greater than or equal to %(limit_value)s."),
    _("Ensure this value is a multiple of step size %(limit_value)s."),
    _(
        "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "n",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "n",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        "n",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        "n",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        "n",
    ),
    _(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
    ),
    _("Null characters are not allowed."),
    # django/utils/ipv6.py
    _("This is not a valid IPv6 address."),
    # django/forms/models.py
    _("and"),
    _("Please correct the duplicate data for %(field)s."),
    _("Please correct the duplicate data for %(field)s, which must be unique."),
    _(
        "Please correct the duplicate data for %(field_name)s which must be unique for the %(lookup)s in %(date_field)s."
    ),
    _("Please correct the duplicate values below."),
    _("The inline value did not match the parent instance."),
    _("Select a valid choice. That choice is not one of the available choices."),
    _("“%(pk)s” is not a valid value."),
    # django/forms/forms.py
    _(":"),
    _("(Hidden field %(name)s) %(error)s"),
    # django/forms/boundfield.py
    _(":?.!"),
    # django/forms/utils.py
    _(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."
    ),
    # django/forms/formsets.py
    _(
        "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to file a bug report if the issue persists."
    ),
    ngettext_lazy(
        "Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "n"
    ),
    ngettext_lazy(
        "Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "n"
    ),
    _("Order"),
    _("Delete"),
    # django/forms/widgets.py
    _("Clear"),
    _("Currently"),
    _("Change"),
    _("Unknown"),
    _("Yes"),
    _("No"),
    # django/db/models/base.py
    _("%(model_name)s with this %(field_labels)s already exists."),
    # django/db/models/constraints.py
    _("Constraint “%(name)s” is violated."),
    # django/db/models/fields/__init__.py
    _("Value %(value)r is not a valid choice."),
    _("This field cannot be null."),
    _("This field cannot be blank."),
    _("%(model_name)s with this %(field_label)s already exists."),
    _("%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s."),
    _("“%(value)s” value must be either True or False."),
    _("“%(value)s” value must be either True, False, or None."),
    _("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
    _("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."),
    _(
        "“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format."
    ),
    _(
        "“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time."
    ),
    _("“%(value)s” value must be a decimal number."),
    _("“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format."),
    _("“%(value)s” value must be a float."),
    _("“%(value)s” value must be an integer."),
    _("“%(value)s” value must be either None, True or False."),
    _("“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format."),
    _("“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time."),
    _("“%(value)s” is not a valid UUID."),
    # django/db/models/fields/json.py
    _("Value must be valid JSON."),
    # django/db/models/fields/related.py
    _("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # django/core/paginator.py
    _("…"),
    _("That page number is not an integer"),
    _("That page number is less than 1"),
    _("That page contains no results"),
    # django/template/defaultfilters.py
    _("yes,no,maybe"),
    ngettext_lazy("%(size)d byte", "%(size)d bytes", "n"),
    _("%s KB"),
    _("%s MB"),
    _("%s GB"),
    _("%s TB"),
    _("%s PB"),
    # django/utils/timesince.py
    _(", "),
    ngettext_lazy("%(num)d year", "%(num)d years", "n"),
    ngettext_lazy("%(num)d month", "%(num)d months", "n"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "n"),
    ngettext_lazy("%(num)d day", "%(num)d days", "n"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "n"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "n"),
    # django/utils/dateformat.py
    _("p.m."),
    _("a.m."),
    _("PM"),
    _("AM"),
    _("midnight"),
    _("noon"),
    # django/utils/text.py
    pgettext_lazy("String to return when truncating text", "%(truncated_text)s…"),
    _("or"),
    # django/views/csrf.py
    _("Forbidden"),
    _("CSRF verification failed. Request aborted."),
    _(
        "You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    _(
        "If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests."
    ),
    _(
        'If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.'
    ),
    _(
        "You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    _(
        "If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests."
    ),
    _("More information is available with DEBUG=True."),
    # django/contrib/auth/password_validation.py
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "n",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "n",
    ),
    _("The password is too similar to the %(verbose_name)s."),
    _("Your password can’t be too similar to your other personal information."),
    _("This password is too common."),
    _("Your password can’t be a commonly used password."),
    _("This password is entirely numeric."),
    _("Your password can’t be entirely numeric."),
]
