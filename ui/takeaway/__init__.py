"""What leaves the app: the results CSV and the printable brief."""
