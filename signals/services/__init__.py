"""Everything that changes signals, by sub-domain: intake (logging and additions), evidence,
handling (the five steps), shares, actions, categories, trends, retention and the export."""
