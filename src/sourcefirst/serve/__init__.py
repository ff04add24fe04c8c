"""Serving a release: the web app, JSON API, tools, dev mode and the read-only state they share."""
