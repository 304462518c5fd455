"""newsfeeds: turn news websites that publish no useful feeds into RSS, Atom and JSON feeds."""

__version__ = "0.1.0"
