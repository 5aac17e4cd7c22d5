"""Named SPARQL queries (``queries/*.rq``) and their parameters."""
