"""Seed data: the reviewed catalog of the five plans and the demo-data generator."""
