"""Models of the SWG domain, one module per family."""

from swg.models.contacts import (  # noqa: F401
    ROLE_ORDER,
    ContactRole,
    ContactRoleKind,
    Organisation,
    OrganisationKind,
    Person,
)
from swg.models.events import (  # noqa: F401
    EventDocument,
    EventIndexPage,
    EventPage,
    EventType,
    Recommendation,
)
from swg.models.groups import (  # noqa: F401
    AccessLevel,
    SectorWorkingGroup,
    SectorWorkingGroupQuerySet,
    SWGIndexPage,
    upcoming_meetings,
)
from swg.models.meetings import (  # noqa: F401
    ActionItem,
    ActionItemQuerySet,
    ActionStatus,
    AgendaItemBlock,
    AttendanceStatus,
    MeetingAttendance,
    MeetingDocument,
    MeetingPage,
    MeetingType,
)
from swg.models.spaces import SpacePage  # noqa: F401
