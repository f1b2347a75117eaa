"""Planning: the workout library, plan generation and (later) the adaptive rules. Pure code."""
