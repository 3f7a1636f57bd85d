"""Readers and writers: text inputs in, incident files out."""
