"""The public portal: pages, search, files, feeds, the JSON API and the sitemap, and the
proposer's personal feedback page.

Everything here but `feedback` reads one thing, what `public` says is visible: the version
the portal target was told to show (`Publication.live`) of every item that is not withdrawn.
No module reads a Version other than `live`, nor a model of `interpretation` or `proposals`,
except `feedback`: it shows the one reply letter its signed token names, to its proposer,
and records their satisfaction through the proposal flow.
"""
