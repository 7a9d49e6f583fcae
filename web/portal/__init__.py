"""The public portal: pages, search, files, feeds, the JSON API and the sitemap.

Everything here reads one thing, what `public` says is visible: the version the portal
target was told to show (`Publication.live`) of every item that is not withdrawn. No module
reads a Version other than `live`, nor a model of `interpretation` or `proposals`.
"""
