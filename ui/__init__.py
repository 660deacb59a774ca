"""Qt views and adapters over the data layer in models/."""
