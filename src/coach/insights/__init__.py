"""Words: findings and decisions turned into the sentences a person reads. Pure and
deterministic; every number in the athlete's units, sensibly rounded (docs/coaching.md §9)."""
