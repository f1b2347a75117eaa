"""A fake Hevy API (ASGI) that behaves like the live one (docs/connectors.md (Hevy))."""

from coach.fakes.hevy.app import FakeHevyApp
from coach.fakes.hevy.bridge import ASGIBridge
from coach.fakes.hevy.state import FakeHevy, Fault, HevyOptions

__all__ = ["ASGIBridge", "FakeHevy", "FakeHevyApp", "Fault", "HevyOptions"]
