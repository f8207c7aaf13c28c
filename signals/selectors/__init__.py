"""Everything that reads signals, scoped to what the user may see: records, protocols, trends,
shares and the export."""
