"""Performance benchmark (issue 7): see bench/run.py."""
