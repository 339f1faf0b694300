"""check: every figure of the budget reconciled, the prose included."""
