"""Made-up data for demonstrations, tests and benchmarks, never for a live database.

``data`` writes synthetic responses and mystery shops in bulk (``flask demo-data``, in
``survey_app.cli``); the shops are scored by the real scoring code in ``services``.
"""
