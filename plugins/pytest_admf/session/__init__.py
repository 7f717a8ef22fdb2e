"""The session's side of the plugin: plan and seeds of stressed items, running each run of their
bodies with the checkers, replay fidelity, and the terminal summary."""
