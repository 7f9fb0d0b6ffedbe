"""The archive as a search source (see search.registry): one record per document."""

from search.registry import register_source


def iter_document_records():
    from documents.models import PortalDocument

    documents = PortalDocument.objects.prefetch_related("working_groups").order_by("pk")
    for document in documents.iterator(chunk_size=500):
        yield document.search_record()


def load_document_record(pk):
    from documents.models import PortalDocument

    document = PortalDocument.objects.filter(pk=pk).prefetch_related("working_groups").first()
    return document.search_record() if document else None


def register():
    register_source("document", iter_records=iter_document_records, load=load_document_record)
