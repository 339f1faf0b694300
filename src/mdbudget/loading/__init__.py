"""From a file to a Budget: find it, parse it, validate it, cache it."""
