"""What leaves the program for leaders: chart builders, the one-Chromium renderer, briefing packs."""
