"""Failed sign-ins lock the pair of account and client address, not the account.

Upstream gap: allauth 65.22 counts the "key" part of its `login_failed` limit by the
login alone (`DefaultAccountAdapter._get_login_attempts_cache_key`), so a handful of
wrong passwords from anywhere locks an account for everyone, and one attacker who
knows an address keeps its owner out for as long as they like. allauth has no public
setting for a limit keyed on both, so this mixin overrides that private method (and
extends `pre_authenticate`, whose rollback of a successful sign-in is private too, as
is the counting module it uses):

- `login_failed` (ACCOUNT_RATE_LIMITS): per client address, and per account *and*
  address (the key this mixin makes);
- `login_failed_account`: a slower limit per account alone, against guesses spread
  over many addresses, set above what one address can reach under the first.

Delete this module when allauth can key a rate limit on the login and the address
together; re-check the private names it relies on whenever allauth is upgraded
(tests/hardening/test_client_address.py fails if they change behaviour).
"""

from allauth.account.adapter import DefaultAccountAdapter

# The module allauth's adapter counts with (its public one answers True/False only,
# and a successful sign-in must take its count back).
from allauth.core.internal import ratelimit

APP = "allauth.account"
ACCOUNT_ACTION = "login_failed_account"


class PairLockoutMixin:
    """For an allauth account adapter: see the module docstring."""

    def _account_key(self, request, **credentials):
        # allauth's own key: the site and the login.
        return DefaultAccountAdapter._get_login_attempts_cache_key(self, request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials):
        return f"{self._account_key(request, **credentials)}:{self.get_client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        # Per address and per (account, address); raises once either is used up.
        super().pre_authenticate(request, **credentials)
        self._login_failed_account_usage = ratelimit.consume(
            request, app=APP, action=ACCOUNT_ACTION, key=self._account_key(request, **credentials)
        )
        if not self._login_failed_account_usage:
            super()._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self):
        # A successful sign-in takes back what its attempt counted, on both limits.
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_login_failed_account_usage", None)
        if usage:
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request, **credentials):
        # After a password reset: the account starts afresh from every address.
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request, action=ACCOUNT_ACTION, key=self._account_key(request, **credentials)
        )
