"""`python -m pam_recognition` runs the command line."""

from .cli import main

main()
