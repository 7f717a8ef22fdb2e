"""The workers of one ``stress.run`` call: threads (under the controlled scheduler or free),
tasks on a seeded loop, the deadline that bounds them, and what a stall prints."""
