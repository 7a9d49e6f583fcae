"""Publications: what the public may see, as immutable versions, and their way to every target.

A publication is one public item (a policy document, its interpretation, a reply letter).
Each approval writes a new `Version`, never an edit; a withdrawal (撤回) is an `Event` of its
own. Every event waits in the outbox (`Event` + one `Delivery` per sync target) until the
`publish` pipeline delivers it: nothing is sent from inside a web request.
"""
