"""The optional LLM narrative of the evening review (Anthropic's Messages API).

The model gets the review's deterministic findings and proposals and returns a short, friendlier
note. It rephrases; it does not decide: the proposals are shown from the templates, unchanged,
whatever the model writes, and any failure leaves the template text standing alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coach.domain.errors import AuthError, ConnectorError, RateLimited

NARRATIVE_MAX_TOKENS = 400
"""Enough for the 3-6 sentences asked for; a cap on cost and on rambling."""

SYSTEM_PROMPT = (
    "You are a concise, encouraging endurance and strength coach writing an athlete's evening "
    "note. Rewrite the review you are given as 3 to 6 plain sentences, second person, no "
    "headings or lists. Use only the facts given and keep every number exactly as written. "
    "Do not propose, add, drop or change any plan change: the numbered proposals are shown to "
    "the athlete separately and the athlete decides on them; you may say why they make sense. "
    "No medical advice."
)


@dataclass(frozen=True)
class LlmConfig:
    provider: str
    api_key: str
    model: str
    base_url: str = ""
    timeout_s: float = 30.0


def review_prompt(review: dict[str, Any]) -> str:
    """The review as the model reads it: date, findings, proposals, next week's focus."""
    lines = [f"Review of {review['date']}.", "Findings:"]
    lines += [f"- {line}" for line in review["insights"]] or ["- nothing to report"]
    if review["proposals"]:
        lines.append("Proposals (unchanged, the athlete approves or rejects them):")
        lines += [f"{p['number']}. {p['title']}: {p['rationale']}" for p in review["proposals"]]
    else:
        lines.append("No plan changes proposed.")
    lines.append(str(review["next_week_focus"]))
    return "\n".join(lines)


def narrate(config: LlmConfig, review: dict[str, Any]) -> str:
    """The model's note on the review. Raises ConnectorError (one line) on any failure."""
    if config.provider != "anthropic":
        raise ConnectorError(f"LLM provider {config.provider!r} is not supported: use anthropic")
    try:
        import anthropic
    except ImportError:
        raise ConnectorError(
            "the anthropic package is not installed: pip install 'coach[llm]'"
        ) from None
    client = anthropic.Anthropic(
        api_key=config.api_key,
        base_url=config.base_url or None,
        timeout=config.timeout_s,
        max_retries=1,
    )
    try:
        message = client.messages.create(
            model=config.model,
            max_tokens=NARRATIVE_MAX_TOKENS,
            system=SYSTEM_PROMPT,
            messages=[{"role": "user", "content": review_prompt(review)}],
        )
    except anthropic.AuthenticationError:
        raise AuthError(
            "the Anthropic API refused the key: check COACH_ANTHROPIC_API_KEY"
        ) from None
    except anthropic.RateLimitError:
        raise RateLimited("the Anthropic API is rate limiting: the narrative is skipped") from None
    except anthropic.APIStatusError as exc:
        raise ConnectorError(
            f"the Anthropic API answered HTTP {exc.status_code}: the narrative is skipped"
        ) from None
    except anthropic.APIError as exc:
        raise ConnectorError(f"cannot reach the Anthropic API ({exc.message})") from None
    text = " ".join(
        block.text for block in message.content if isinstance(block, anthropic.types.TextBlock)
    ).strip()
    if not text:
        raise ConnectorError("the model returned no text: the narrative is skipped")
    return text
