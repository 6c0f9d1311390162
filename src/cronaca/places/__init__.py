"""The places stage: place names resolved to a country and coordinates."""
