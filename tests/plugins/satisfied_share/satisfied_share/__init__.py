"""An example methodology from outside the generator: the share of satisfied recipients of each service."""
from satisfied_share.methodology import SatisfiedShare

__all__ = ["SatisfiedShare"]
