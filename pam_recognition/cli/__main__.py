"""`python -m pam_recognition.cli` runs the command line."""

from . import main

main()
