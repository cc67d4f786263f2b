"""Pure clinical rules (no Qt, no database): oxygenation, plausibility, eligibility,
visits, outcomes, dosing and the WHO progression scale.

Every rule raises only :class:`~app.clinical.errors.ValidationError` for bad input.
Numbers are :class:`~decimal.Decimal` throughout.
"""
