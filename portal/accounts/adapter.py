"""The allauth adapter (ACCOUNT_ADAPTER): sign-up by invitation only (swg.roles.adapter),
failed sign-ins locked per account and address (portal.accounts.lockout), and the client
address behind trusted proxies (web.ratelimit.client_address) for every allauth
rate limit."""

from portal.accounts.lockout import PairLockoutMixin
from swg.roles.adapter import PortalAccountAdapter
from web import ratelimit


class AccountAdapter(PairLockoutMixin, PortalAccountAdapter):
    def get_client_ip(self, request):
        """The address allauth's rate limits count: the same as the portal's own."""
        return ratelimit.client_address(request)
