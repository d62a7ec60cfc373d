"""`python -m pam_recognition` runs the command line."""

from pam_recognition.cli import main

main()
