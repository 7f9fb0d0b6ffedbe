"""Models of the SWG domain, one module per family."""

from swg.models.groups import (  # noqa: F401
    AccessLevel,
    SectorWorkingGroup,
    SectorWorkingGroupQuerySet,
    SWGIndexPage,
    upcoming_meetings,
)
