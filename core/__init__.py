"""What every layer shares and no domain owns: the one error family with Chinese messages, the
settings read from EDUKPI_* variables, and Beijing time. Imports nothing of the project."""
