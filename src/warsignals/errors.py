"""User-facing errors: every mistake a user can make raises a subclass of :class:`WarsignalsError`.

The CLI and the runner print these as one line without a traceback; anything else is a bug.
"""


class WarsignalsError(Exception):
    """Base class of errors caused by a user's input, parameters or environment."""


class InputError(WarsignalsError):
    """An input file or record cannot be used (names the file, the line or record, and the reason)."""


class ParameterError(WarsignalsError):
    """A parameter or configuration value is invalid (names the parameter and what is wrong)."""


class SetupError(WarsignalsError):
    """The environment lacks something the project needs (offline data, a kernel, a package)."""
