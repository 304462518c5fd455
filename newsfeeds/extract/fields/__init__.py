"""One module per article field, each a table of readers by layer (see newsfeeds.extract.layers)."""
