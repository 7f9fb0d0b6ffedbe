"""The demo archive: every SWG has documents, Health at every access level, all readable."""

import pytest

from documents import demo
from documents.models import ExtractionStatus, PortalDocument
from search.models import SearchRecord
from swg.models import SectorWorkingGroup

pytestmark = pytest.mark.django_db


def test_every_swg_has_documents_and_health_has_every_access_level():
    for group in SectorWorkingGroup.objects.filter(parent__isnull=True):
        levels = set(group.documents.values_list("access_level", flat=True))
        assert levels == {"public", "members", "restricted"}, group.slug
    health = PortalDocument.objects.filter(working_groups__slug="health")
    assert set(health.values_list("file_kind", flat=True)) >= {"pdf", "docx", "xlsx", "pptx"}
    assert set(health.values_list("language", flat=True)) == {"lo", "en", "both"}


def test_demo_documents_are_extracted_and_indexed():
    documents = PortalDocument.objects.all()
    assert documents.exists()
    assert not documents.exclude(extraction_status=ExtractionStatus.DONE).exists()
    lao = documents.filter(language="lo").first()
    assert "ສິດເສລີພາບ" in lao.extracted_text
    keys = {f"document:{pk}" for pk in documents.values_list("pk", flat=True)}
    assert keys <= set(SearchRecord.objects.values_list("key", flat=True))


def test_loading_again_creates_nothing():
    before = PortalDocument.objects.count()
    assert demo.load(log=lambda line: None) == 0
    assert PortalDocument.objects.count() == before
