"""Who may see which search records; every backend applies it inside its query.

``search`` does not know users, roles or SWGs: the project sets
``SEARCH_VISIBILITY_RESOLVER`` to the dotted path of a callable ``(user) -> Visibility``
(the swg app's permission policy). Without it everyone sees public records only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Visibility:
    """What one reader may see.

    ``public`` records: everyone. ``members`` records: if any of their SWGs is in
    ``member_swg_ids`` or ``restricted_swg_ids``. ``restricted`` records: if any of
    their SWGs is in ``restricted_swg_ids``. ``everything``: all records.
    """

    everything: bool = False
    member_swg_ids: frozenset[int] = frozenset()
    restricted_swg_ids: frozenset[int] = frozenset()

    @classmethod
    def public(cls) -> Visibility:
        return cls()

    @property
    def members_ids(self) -> frozenset[int]:
        """SWG ids whose members-level records are visible."""
        return frozenset(self.member_swg_ids) | frozenset(self.restricted_swg_ids)

    def allows(self, access: str, swg_ids) -> bool:
        """The same rule in Python, for tests and single-record checks."""
        if self.everything or access == "public":
            return True
        ids = set(swg_ids)
        if access == "members":
            return bool(ids & self.members_ids)
        if access == "restricted":
            return bool(ids & set(self.restricted_swg_ids))
        return False


def visibility_for(user) -> Visibility:
    """The reader's visibility, from ``SEARCH_VISIBILITY_RESOLVER`` (public only if unset)."""
    path = getattr(settings, "SEARCH_VISIBILITY_RESOLVER", None)
    if not path:
        return Visibility.public()
    resolver = import_string(path) if isinstance(path, str) else path
    visibility = resolver(user)
    if not isinstance(visibility, Visibility):
        raise TypeError(f"{path} returned {type(visibility).__name__}, not Visibility")
    return visibility
