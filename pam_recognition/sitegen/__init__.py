"""Page generation for the static site: from the knowledge graph to Markdown files holding HTML."""
