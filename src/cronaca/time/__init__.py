"""The time stage: temporal expressions found and normalised to TIMEX3 values."""
