"""Getting articles in: input records, text checks and readers."""
