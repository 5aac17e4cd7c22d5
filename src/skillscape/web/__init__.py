"""The web explorer: pages for people who will not write SPARQL, served by the API's own app.

Each page is a static HTML shell with ES modules that read the REST API; every script, style
sheet and icon ships in ``static/`` (no build step, nothing fetched from another host).
"""
