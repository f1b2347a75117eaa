"""Exporters: one per target (FIT files, Garmin Connect, Hevy routines, calendar), each
rendering planned workouts from their WorkoutDefinition."""
