"""The project's evaluation kit: a bundled sample, a scorer and the `python -m pipeline.evaluation` driver.

`score` implements the metric of the shared evaluation README (scrapinghub shingle P/R/F1 and accuracy,
bag-of-words F1, title and byline exact match / token F1, false byline rate); `sample` loads and checks
the bundled cases; `baseline` makes the keep-everything predictions; `driver` stages inputs, runs the
real pipeline as a subprocess and scores it next to the baseline.
"""
