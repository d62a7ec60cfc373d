"""PAM Recognition: compare partner-country vocational qualifications with German reference occupations."""

__version__ = "0.1.0"
