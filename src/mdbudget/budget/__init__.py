"""The budget as the rest of mdbudget sees it: plain records and units."""
