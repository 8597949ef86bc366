"""The plan's public pages, by what they show. `base.PlanMixin` gives each page its plan."""
