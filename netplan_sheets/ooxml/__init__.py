"""The .xlsx package at the level of its parts and XML: a fast reader, and a writer that
changes only what netplan owns and copies every other part byte for byte."""
