"""Chapter 3, Reading contour maps: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz

exercises = ExerciseSet(namespace={"np": np})


# The maps P, Q, R of the notebook: problems.saddle(), problems.rosenbrock() and
# problems.quadratic_bowl(condition_number=10, angle=0.6). Which surface each shows is a
# matter of reading, so the answer is the letter itself.
for _map, _letter, _hint, _reason in [
    ("map_P", "C", "Where is the lowest point? Follow the colours along each axis.",
     "Along x the loss rises away from the centre, along y it falls: a saddle."),
    ("map_Q", "D", "Look at the shape of the darkest region.",
     "The lowest (darkest) lines bend like a banana, with steep walls on both sides."),
    ("map_R", "B", "Are the closed contours circles?",
     "Stretched, tilted ellipses: close together across the trough, far apart along it."),
]:  # fmt: skip
    exercises.add_letters(_map, _letter, _hint, _reason)


@exercises.add(
    hint=r"Neighbouring lines are $d \approx \Delta c / \lVert\nabla L\rVert$ apart.",
    solution_code="""
# spacing d = delta_c / |grad L|, so |grad L| = delta_c / d
answer = 0.05 / 0.2
""",
)
def gradient_from_spacing() -> Any:
    delta_c, spacing = 0.05, 0.2
    return delta_c / spacing


QUIZ: list[dict[str, Any]] = [
    {
        "text": "What do all points on one contour line have in common?",
        "choices": [
            "the same gradient",
            "the same loss",
            "the same distance from the minimum",
            "the same $w$",
        ],
        "answer": 1,
        "explanation": (
            "A contour line is a horizontal slice of the surface: one height, one loss value."
        ),
    },
    {
        "text": (
            "On a contour map with equally spaced levels, lines that are close together mean ..."
        ),
        "choices": [
            "a gentle slope",
            "a steep slope",
            "a minimum",
            "a saddle point",
        ],
        "answer": 1,
        "explanation": (
            "The loss changes by one level over a short distance: $d "
            r"\approx \Delta c / \lVert\nabla L\rVert$."
        ),
    },
    {
        "text": (
            r"At any point, how is the negative gradient $-\nabla L$ oriented "
            "relative to the contour line through it?"
        ),
        "choices": [
            "along the line",
            "perpendicular to it, towards lower levels",
            "perpendicular to it, towards higher levels",
            "at 45 degrees to it",
        ],
        "answer": 1,
        "explanation": (
            "The loss is constant along the line, so the gradient is "
            r"perpendicular to it; $-\nabla L$ points downhill."
        ),
    },
    {
        "text": "Why does gradient descent crawl across a plateau?",
        "choices": [
            "because the learning rate decreases there",
            r"because each step is $\eta$ times a gradient that is tiny there",
            "because the loss is high there",
            "because the contour lines are close together there",
        ],
        "answer": 1,
        "explanation": (
            "The step is proportional to the slope; a flat region has "
            "widely spaced contours and small steps."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
