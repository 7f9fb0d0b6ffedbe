page_urlpatterns = []
api_urlpatterns = []
