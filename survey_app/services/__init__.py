"""The service layer: owns transactions, and is the only place SQL becomes a DataFrame."""
