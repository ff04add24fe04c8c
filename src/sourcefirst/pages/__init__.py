"""Stage 4a: page data. One function per page gathers its data once; HTML and JSON render it."""
