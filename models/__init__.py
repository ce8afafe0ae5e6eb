"""NLP models: tokenising, four points, warning, deduplication, topic grouping and ranking."""
