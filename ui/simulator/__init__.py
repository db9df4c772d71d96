"""The simulator page's own views: the lever panel (levers and cards, answered in the browser while a lever moves)
and the outcomes below it (GDP path, demand pulls, targets scorecard), each a custom component in huadu_components/."""
