"""Which groups an aggregate-only report hides: small groups, and enough others with them
that no hidden group's figures can be worked out from what is shown.

Every figure of a group row is a sum over its reporting participants, or a mean that
becomes one given the Reporting count shown beside it. So whoever holds the report can
subtract: the all-participants row minus the groups shown gives the hidden groups
*together*, and nothing finer. Hiding only the groups under the threshold would give away
a lone hidden group exactly (total minus the others). Hence complementary suppression:
while the hidden groups together cover fewer than ``threshold`` reporting participants,
the smallest group still shown is hidden too. Then every figure anyone can derive, shown
or subtracted, is a sum over at least ``threshold`` participants. When the whole cohort
has fewer, nothing is shown at all.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_THRESHOLD = 3


def hidden_groups(reporting: Mapping[str, int], threshold: int) -> set[str]:
    """The groups to hide, given each group's number of reporting participants (the groups
    partition the cohort). All of them when the cohort has fewer than ``threshold``."""
    if sum(reporting.values()) < threshold:
        return set(reporting)
    hidden = {group for group, count in reporting.items() if count < threshold}
    while hidden and sum(reporting[group] for group in hidden) < threshold:
        # the smallest shown group (by name on a tie): the least lost to hide with them
        hidden.add(min((group for group in reporting if group not in hidden),
                       key=lambda group: (reporting[group], group)))
    return hidden


def everyone_hidden(reporting: Mapping[str, int], threshold: int) -> bool:
    """Whether the all-participants row is hidden too (the cohort is under the threshold)."""
    return sum(reporting.values()) < threshold
