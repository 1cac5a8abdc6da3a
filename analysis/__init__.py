"""Pure pandas and Plotly: DataFrames in, DataFrames or figures out."""
