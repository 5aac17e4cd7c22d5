"""Vocabulary and identifiers: the closed ``ss:`` namespace, standard namespaces, IRI minting."""
