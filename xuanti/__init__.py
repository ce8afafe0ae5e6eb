"""xuanti (选题): reads news, policy portals and 12345 hotline exports and suggests topics to editors."""

__version__ = "0.1.0"
