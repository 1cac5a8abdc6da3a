"""Pure analysis for the customer care review: DataFrames in, DataFrames or plotly figures out.

Nothing here touches Flask, the database or the forms; the app's services build the input
frames and the results pages render what these functions return. Start with
``breakdowns.published_satisfaction`` (table, significance test and disclosure control in
the safe order), ``shops``, ``gap``, ``charts`` and ``summaries``.
"""
