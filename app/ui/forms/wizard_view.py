"""The eligibility wizard's verdict and signature lines, and its steps' navigation.

A mixin of :class:`~app.ui.forms.eligibility_wizard.EligibilityWizard`: it reads the
widgets and the result the wizard builds and computes.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from app.clinical.eligibility import (
    CriterionStatus,
    EligibilityResult,
    Verdict,
)
from app.clinical.errors import Message
from app.clinical.plausibility import has_hard
from app.roles import Permission
from app.services.eligibility import (
    MEANING_ELIGIBLE,
    MEANING_NOT_ELIGIBLE,
    AssessmentView,
)
from app.store.uow import Actor
from app.ui.app_style import set_kind
from app.ui.forms.field_row import FormField
from app.ui.i18n import pick

MARKS = {
    CriterionStatus.PASSED: ("✔", "#0b6b2b"),
    CriterionStatus.FAILED: ("✖", "#a4000f"),
    CriterionStatus.MISSING: ("…", "#333333"),
}
MEANINGS = {
    MEANING_ELIGIBLE: QT_TRANSLATE_NOOP("WizardViewMixin", "Eligibility confirmed"),
    MEANING_NOT_ELIGIBLE: QT_TRANSLATE_NOOP("WizardViewMixin", "Not eligible confirmed"),
}
"""The signature meanings as the button shows them (the stored meaning stays English)."""


class WizardViewMixin:
    """The verdict, the signature line and moving between steps (see the wizard)."""

    result: EligibilityResult | None
    view: AssessmentView | None
    actor: Actor
    language: str
    record_id: str | None
    verdict_label: QLabel
    verdict_detail: QLabel
    results: QLabel
    signature_label: QLabel
    sign_row: QWidget
    sign_button: QPushButton
    password: QLineEdit
    save_button: QPushButton
    back_button: QPushButton
    next_button: QPushButton
    step_label: QLabel
    steps: QStackedWidget
    step_titles: list[str]
    save_error: Any
    action_bar: QWidget
    scroll_area: Any
    _step_of: dict[str, int]
    _touched: set[str]

    if TYPE_CHECKING:  # provided by the widget this is mixed into

        def check(self) -> list[Message]: ...

        def has_unsaved_changes(self) -> bool: ...

        def fields(self) -> dict[str, FormField]: ...

        def _live_check(self) -> None: ...

        def preview(self) -> None: ...

        def submit(self) -> None: ...

        def sign(self) -> None: ...

    def _show_result(self) -> None:
        result = self.result
        self.verdict_detail.hide()
        if result is None:
            self.verdict_label.setText(
                QCoreApplication.translate(
                    "WizardViewMixin", "Correct the entries marked in red to see the verdict."
                )
            )
            self.results.setText("")
            return
        if result.verdict is Verdict.ELIGIBLE:
            headline = QCoreApplication.translate(
                "WizardViewMixin", "Eligible: every criterion is met."
            )
        elif result.verdict is Verdict.NOT_ELIGIBLE:
            headline = QCoreApplication.translate("WizardViewMixin", "Not eligible.")
            self.verdict_detail.setText(result.summary_en)
            self.verdict_detail.show()
        else:
            ids = ", ".join(r.criterion.id for r in result.missing)
            headline = QCoreApplication.translate(
                "WizardViewMixin", "Incomplete: still to record {ids}."
            ).format(ids=ids)
        self.verdict_label.setText(headline)
        colour = {Verdict.ELIGIBLE: "#0b6b2b", Verdict.NOT_ELIGIBLE: "#a4000f"}
        self.verdict_label.setStyleSheet(f"color: {colour.get(result.verdict, '#111111')};")
        rows = []
        for r in result.results:
            mark, ink = MARKS[r.status]
            main = pick(r.criterion.text_en, r.criterion.text_zh)
            line = (
                f"<span style='color:{ink}'><b>{mark} {r.criterion.id}</b></span> "
                f"{html.escape(main)}<br>&nbsp;&nbsp;&nbsp;&nbsp;"
                f"<i>{html.escape(r.reason_en)}</i>"
            )
            if main != r.criterion.text_en:  # the Chinese leads: the registration's English too
                line += f"<br>&nbsp;&nbsp;&nbsp;&nbsp;{html.escape(r.criterion.text_en)}"
            elif self.language == "zh_CN" and r.criterion.text_zh:
                line += f"<br>&nbsp;&nbsp;&nbsp;&nbsp;{html.escape(r.criterion.text_zh)}"
            if r.criterion.text_zh and (main != r.criterion.text_en or self.language == "zh_CN"):
                note = QCoreApplication.translate(
                    "WizardViewMixin",
                    "Chinese wording: to be checked against the Chinese protocol.",
                )
                line += f"<br>&nbsp;&nbsp;&nbsp;&nbsp;<i>{html.escape(note)}</i>"
            rows.append(line)
        self.results.setText("<br>".join(rows))

    def _show_signature(self) -> None:
        view, can_sign = self.view, self.actor.can(Permission.SIGN)
        verdict = self.result.verdict if self.result else None
        ready = view is not None and not self.has_unsaved_changes()
        if view is None:
            text = QCoreApplication.translate(
                "WizardViewMixin",
                "Not saved yet: save the checklist, then an investigator signs it.",
            )
        elif self.has_unsaved_changes():
            text = QCoreApplication.translate(
                "WizardViewMixin", "Changed since it was saved: save it, then sign it."
            )
        elif view.signed:
            text = next(s.manifestation for s in view.signatures if s.valid)
        elif view.verdict is Verdict.INCOMPLETE:
            text = QCoreApplication.translate(
                "WizardViewMixin",
                "Incomplete: a checklist with criteria still to record cannot be signed.",
            )
        else:
            text = QCoreApplication.translate("WizardViewMixin", "Not signed yet.")
        if view is not None and view.void and not view.signed:
            void = "\n".join(s.manifestation for s in view.signatures)
            text = QCoreApplication.translate(
                "WizardViewMixin", "VOID — sign again.\n{void}"
            ).format(void=void) + ("" if ready else f"\n{text}")
        self.signature_label.setText(text)
        signed_ok = view is not None and view.signed and ready
        set_kind(self.signature_label, "ok" if signed_ok else "error" if view and view.void else "")
        signable = ready and view is not None and not view.signed
        signable = signable and view is not None and view.verdict is not Verdict.INCOMPLETE
        self.sign_row.setVisible(can_sign and signable)
        meaning = MEANING_ELIGIBLE if verdict is Verdict.ELIGIBLE else MEANING_NOT_ELIGIBLE
        shown = QCoreApplication.translate("WizardViewMixin", str(MEANINGS[meaning]))
        self.sign_button.setText(
            QCoreApplication.translate("WizardViewMixin", "Sign: {meaning}").format(meaning=shown)
        )
        if not can_sign and signable:
            self.signature_label.setText(
                QCoreApplication.translate(
                    "WizardViewMixin", "{text} An investigator signs it with their password."
                ).format(text=text)
            )

    # -- navigation -----------------------------------------------------------------------------

    def reveal(self, name: str) -> None:
        if name in self._step_of:
            self.steps.setCurrentIndex(self._step_of[name])

    @Slot()
    def go_next(self) -> None:
        """The next step, unless this step has entries marked in red."""
        here = self.steps.currentIndex()
        messages = [m for m in self.check() if self._step_of.get(m.field) == here]
        if has_hard(messages):
            self._touched.update(m.field for m in messages)
            self._live_check()
            self.save_error.setText(
                QCoreApplication.translate(
                    "WizardViewMixin", "Correct the entries marked in red first."
                )
            )
            return
        self.save_error.clear()
        self.steps.setCurrentIndex(min(here + 1, self.steps.count() - 1))
        self.focus_step()

    @Slot()
    def go_back(self) -> None:
        self.steps.setCurrentIndex(max(self.steps.currentIndex() - 1, 0))
        self.focus_step()

    def enter_pressed(self) -> None:
        """Enter: the next step; on the last one, sign when signing is offered, else save."""
        if self.steps.currentIndex() < self.steps.count() - 1:
            self.go_next()
        elif self.sign_row.isVisible():
            self.sign()
        else:
            self.submit()

    def focus_step(self) -> None:
        """Keyboard focus to the step shown: its first field, else the password or Save.

        A hidden Next button would otherwise hand the focus on to whatever comes next in
        the window (the Find box in the tool bar).
        """
        index = self.steps.currentIndex()
        page = self.steps.widget(index)
        wanted: list[QWidget] = [
            f.editor for n, f in self.fields().items() if self._step_of.get(n) == index
        ]
        if index == self.steps.count() - 1:
            wanted = [self.password, self.save_button, self.back_button]
        elif not wanted:
            wanted = [self.next_button]
        for target in wanted:
            inside = page is not None and page.isAncestorOf(target)
            bar = self.action_bar.isAncestorOf(target)
            if (inside or bar) and target.isVisibleTo(cast(QWidget, self)) and target.isEnabled():
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return
        cast(QWidget, self).setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(int)
    def _step_changed(self, index: int) -> None:
        # The stack is as tall as the step shown, not as its tallest step.
        for i in range(self.steps.count()):
            ignored = QSizePolicy.Policy.Ignored
            policy = QSizePolicy.Policy.Preferred if i == index else ignored
            page = self.steps.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.steps.adjustSize()
        last = index == self.steps.count() - 1
        self.step_label.setText(
            QCoreApplication.translate(
                "WizardViewMixin", "Step {number} of {total}: {title}"
            ).format(number=index + 1, total=self.steps.count(), title=self.step_titles[index])
        )
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(not last)
        self.save_button.setVisible(last)
        self.scroll_area.verticalScrollBar().setValue(0)
        if last:
            self.preview()
