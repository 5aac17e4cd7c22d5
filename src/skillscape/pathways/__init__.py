"""Adjacent occupations and career pivot paths.

* :mod:`~skillscape.pathways.features` — occupation features read from the store, one bulk named
  query per feature family (``queries/pathways/``);
* :mod:`~skillscape.pathways.similarity` — directional similarity S(A→B) of every pair, vectorised;
* :mod:`~skillscape.pathways.derive` — the build step that stores the best targets of every
  occupation as ``ss:OccupationSimilarity`` statements in a derived named graph;
* :mod:`~skillscape.pathways.graph` — the NetworkX pivot graph and its hop-limited searches;
* :mod:`~skillscape.pathways.explain` — what transfers, the gaps, the curriculum of a step;
* :mod:`~skillscape.pathways.service` — adjacent occupations and pivots as the CLI and API answer;
* :mod:`~skillscape.pathways.plot` — an SVG drawing of a set of paths.

Importing this package loads nothing heavy: the build imports :mod:`~skillscape.pathways.derive`,
which loads numpy and scipy only when it computes.
"""
