"""Date, time and number formats for the portal's languages (FORMAT_MODULE_PATH).

Django ships no format module for Lao; `lo/` supplies one. `en/` overrides Django's
American defaults with the British style the portal's English uses.
"""
