"""How long a programme's training lasted, as far as the data tell.

Three routes to Germany (the experience route, the recognition partnership and the
opportunity card on points) need a state-recognised qualification whose training lasted at
least two years (§ 6(1) Nr. 3 BeschV, § 16d(3) Nr. 1 and § 20a(4) Satz 3 Nr. 1 AufenthG). A
programme file may give its duration; where it does not, the country's rule for the award's
framework level may (Viet Nam's elementary certificates last under a year by law). When
neither does, the length stays unknown and the condition is shown, never assumed.
"""

from __future__ import annotations

from ..model.models import Country, Curriculum, TrainingLength


def training_length(curriculum: Curriculum, country: Country | None) -> TrainingLength:
    """The programme's own duration first, then its country's rule for the award's level."""
    award = curriculum.award
    regulated = award.state_regulated
    if curriculum.duration_months is not None:
        months = curriculum.duration_months
        return TrainingLength(months, months, regulated, curriculum.german_standard, "programme document")
    if country is not None and award.level is not None:
        for rule in country.programme_lengths:
            if rule.framework == award.framework and award.level in rule.levels:
                return TrainingLength(
                    rule.min_months, rule.max_months, regulated, curriculum.german_standard, rule.basis
                )
    return TrainingLength(None, None, regulated, curriculum.german_standard, "")
