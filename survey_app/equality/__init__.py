"""Equality monitoring: the questions a survey can ask (``questions``) and which response, if
any, a browser session may answer them for (``section``).

Not a blueprint: the pages that ask the questions are the survey blueprint's
(``survey_app/survey/equality.py``, under ``/survey/<channel>/equality``). The answers are
stored by ``services.equality`` in ``models.equality``; ``analysis.equality_categories``
groups them for the results.
"""
