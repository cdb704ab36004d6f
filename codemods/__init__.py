"""houston-codemod: migrate Houston GraphQL in Python scripts from Astronomer Certified to Astro Runtime."""

__version__ = "0.1.0"
