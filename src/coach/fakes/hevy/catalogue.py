"""The fake's built-in exercise-template catalogue.

Titles follow Hevy's "Name (Equipment)" style. Only two ids are Hevy's published ones (D04AC939
Squat (Barbell), 79D0BB3A Bench Press (Barbell), hevyapp/hevy-gpt README); the others are made
up here as 8 hex digits derived from the title, the shape built-in ids have.
"""

from __future__ import annotations

import hashlib
from typing import Any

KNOWN_IDS = {"Squat (Barbell)": "D04AC939", "Bench Press (Barbell)": "79D0BB3A"}

# (title, read type, primary muscle group, equipment)
BUILT_IN: tuple[tuple[str, str, str, str], ...] = (
    ("Squat (Barbell)", "weight_reps", "quadriceps", "barbell"),
    ("Front Squat", "weight_reps", "quadriceps", "barbell"),
    ("Goblet Squat", "weight_reps", "quadriceps", "kettlebell"),
    ("Bulgarian Split Squat", "weight_reps", "quadriceps", "dumbbell"),
    ("Walking Lunge (Dumbbell)", "weight_reps", "quadriceps", "dumbbell"),
    ("Romanian Deadlift (Barbell)", "weight_reps", "hamstrings", "barbell"),
    ("Romanian Deadlift (Dumbbell)", "weight_reps", "hamstrings", "dumbbell"),
    ("Deadlift (Barbell)", "weight_reps", "hamstrings", "barbell"),
    ("Single Leg Romanian Deadlift (Dumbbell)", "weight_reps", "hamstrings", "dumbbell"),
    ("Hip Thrust (Barbell)", "weight_reps", "glutes", "barbell"),
    ("Glute Bridge", "reps_only", "glutes", "none"),
    ("Kettlebell Swing", "weight_reps", "glutes", "kettlebell"),
    ("Box Jump", "reps_only", "quadriceps", "other"),
    ("Jump Squat", "reps_only", "quadriceps", "none"),
    ("Bench Press (Barbell)", "weight_reps", "chest", "barbell"),
    ("Bench Press (Dumbbell)", "weight_reps", "chest", "dumbbell"),
    ("Incline Bench Press (Dumbbell)", "weight_reps", "chest", "dumbbell"),
    ("Push Up", "reps_only", "chest", "none"),
    ("Overhead Press (Barbell)", "weight_reps", "shoulders", "barbell"),
    ("Shoulder Press (Dumbbell)", "weight_reps", "shoulders", "dumbbell"),
    ("Lateral Raise (Dumbbell)", "weight_reps", "shoulders", "dumbbell"),
    ("Pull Up", "reps_only", "lats", "none"),
    ("Lat Pulldown (Cable)", "weight_reps", "lats", "machine"),
    ("Bent Over Row (Barbell)", "weight_reps", "upper_back", "barbell"),
    ("Dumbbell Row", "weight_reps", "upper_back", "dumbbell"),
    ("Face Pull", "weight_reps", "shoulders", "machine"),
    ("Bicep Curl (Dumbbell)", "weight_reps", "biceps", "dumbbell"),
    ("Triceps Pushdown", "weight_reps", "triceps", "machine"),
    ("Plank", "duration", "abdominals", "none"),
    ("Side Plank", "duration", "abdominals", "none"),
    ("Russian Twist", "weight_reps", "abdominals", "none"),
    ("Cable Twist (Down to up)", "weight_reps", "abdominals", "machine"),
    ("Dead Bug", "reps_only", "abdominals", "none"),
    ("Farmers Walk", "weight_duration", "forearms", "dumbbell"),
    ("Treadmill", "distance_duration", "cardio", "machine"),
)


def template_id(title: str) -> str:
    return KNOWN_IDS.get(title) or hashlib.sha1(title.encode()).hexdigest()[:8].upper()


def built_in_templates() -> list[dict[str, Any]]:
    return [
        {
            "id": template_id(title),
            "title": title,
            "type": kind,
            "primary_muscle_group": muscle,
            "secondary_muscle_groups": [],
            "equipment": equipment,
            "is_custom": False,
        }
        for title, kind, muscle, equipment in BUILT_IN
    ]
