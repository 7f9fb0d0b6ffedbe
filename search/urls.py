"""URL patterns; the project includes them (DESIGN §4)::

urlpatterns += search.urls.api_urlpatterns              # /api/search/
urlpatterns += i18n_patterns(*search.urls.page_urlpatterns)  # /<lang>/search/
"""

from django.urls import path

from search import views

page_urlpatterns = [path("search/", views.search_page, name="search")]
api_urlpatterns = [path("api/search/", views.search_api, name="search_api")]
