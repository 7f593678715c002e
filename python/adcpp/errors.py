"""The exceptions adcpp raises (all importable from `adcpp`)."""


class CompileError(Exception):
    """The C++ compiler (with the ad plugin) rejected the code.

    `str(e)` carries the compiler's diagnostics; `e.diagnostics` is its
    standard error alone, `e.command` the command line that failed and
    `e.returncode` its exit status.
    """

    def __init__(self, message, diagnostics="", command=None, returncode=None):
        super().__init__(message)
        self.diagnostics = diagnostics
        self.command = command
        self.returncode = returncode


class ToolchainError(CompileError):
    """ad-clang++ (or the plugin) could not be found or started."""


class ManifestError(RuntimeError):
    """The plugin's manifest of marked functions is not what adcpp expects.

    This is a bug in the plugin or in adcpp, never in the user's code.
    """


class UnsupportedError(TypeError):
    """The marked function cannot be called from Python (a template, a
    member function, or a parameter of class type); the message says why.
    It is a TypeError, like any other argument adcpp cannot pass."""


class CppError(RuntimeError):
    """The C++ function threw an exception; the message is its what()."""
