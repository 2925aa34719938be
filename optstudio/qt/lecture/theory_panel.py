"""The theory panel: the Hessian's numbers, the step sizes they allow, one-click settings,
and the classic momentum conventions side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...engine.theory import CONVENTION_RULES, CONVENTIONS, QuadraticTheory
from ..shared.tables import read_only
from .step_panel import number


class TheoryPanel(QWidget):
    add_run_requested = Signal(str, dict, str)
    """(optimizer, hyperparameters, run name)"""
    eigenvectors_toggled = Signal(bool)
    conventions_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.eigen_box = QCheckBox(self.tr("Show the Hessian's eigenvectors on the map"))
        self.eigen_box.setChecked(True)
        self.eigen_box.toggled.connect(self.eigenvectors_toggled)
        layout.addWidget(self.eigen_box)
        self.optimal_gd = QPushButton()
        self.heavy_ball = QPushButton()
        self.too_large = QPushButton()
        for button in (self.optimal_gd, self.heavy_ball, self.too_large):
            # two short lines: one long line made the panel wider than its dock, and the
            # theory above it ran out of sight to the right
            layout.addWidget(button)
        self.optimal_gd.clicked.connect(self._add_optimal_gd)
        self.heavy_ball.clicked.connect(self._add_heavy_ball)
        self.too_large.clicked.connect(self._add_too_large)

        conventions = QGroupBox(self.tr("Momentum conventions"))
        inner = QVBoxLayout(conventions)
        self.conventions_note = QLabel()
        self.conventions_note.setWordWrap(True)
        inner.addWidget(self.conventions_note)
        self.conventions = QTableWidget(len(CONVENTIONS), 3)
        self.conventions.setHorizontalHeaderLabels(
            [self.tr("convention"), self.tr("update"), self.tr("final θ")]
        )
        read_only(self.conventions, select_rows=True)
        self.conventions.horizontalHeader().setStretchLastSection(True)
        names = {
            "torch": self.tr("torch.optim.SGD"),
            "sutskever": self.tr("Sutskever et al. 2013"),
            "low-pass": self.tr("low-pass (EMA)"),
        }
        for row, name in enumerate(CONVENTIONS):
            self.conventions.setItem(row, 0, QTableWidgetItem(names[name]))
            self.conventions.setItem(row, 1, QTableWidgetItem(CONVENTION_RULES[name]))
        self.conventions.resizeColumnsToContents()
        self.conventions.setMinimumHeight(130)
        inner.addWidget(self.conventions)
        self.conventions_box = QCheckBox(self.tr("Draw the three conventions on the map"))
        self.conventions_box.toggled.connect(self.conventions_toggled)
        inner.addWidget(self.conventions_box)
        layout.addWidget(conventions)
        layout.addStretch(1)
        self.theory: QuadraticTheory | None = None

    def show_theory(self, theory: QuadraticTheory | None) -> None:
        self.theory = theory
        for widget in (self.eigen_box, self.optimal_gd, self.heavy_ball, self.too_large):
            widget.setVisible(theory is not None)
        if theory is None:
            self.summary.setText(
                self.tr(
                    "This loss has no minimum with a positive definite Hessian to analyse "
                    "(a saddle, or no known minimum)."
                )
            )
            return
        h = theory.hessian
        low, high = theory.eigenvalues
        lr, momentum = theory.heavy_ball
        where = (
            self.tr("<b>A quadratic loss</b>: its Hessian is the same everywhere.")
            if theory.exact
            else self.tr(
                "<b>Not quadratic</b>: these numbers describe the quadratic that approximates "
                "it near its minimum at ({0}, {1})."
            ).format(number(theory.centre[0]), number(theory.centre[1]))
        )
        self.summary.setText(
            where
            + "<br><br>"
            + self.tr(
                "H = [[{0}, {1}], [{1}, {2}]]<br>"
                "λ<sub>min</sub> = {3}, λ<sub>max</sub> = {4}, condition number κ = {5}<br><br>"
                "Gradient descent converges for <b>lr &lt; 2/λ<sub>max</sub> = {6}</b>.<br>"
                "Its best constant step, lr = 2/(λ<sub>min</sub> + λ<sub>max</sub>) = {7}, "
                "shrinks the error by (κ − 1)/(κ + 1) = {8} a step: slow when κ is large, "
                "because the valley's floor (the λ<sub>min</sub> direction) gets a tiny "
                "step while the walls (λ<sub>max</sub>) limit lr.<br>"
                "Heavy-ball momentum at lr = {9}, momentum = {10} shrinks it by "
                "(√κ − 1)/(√κ + 1) = {11} a step."
            ).format(
                number(h[0]),
                number(h[1]),
                number(h[2]),
                number(low),
                number(high),
                number(theory.condition_number),
                number(theory.stable_lr),
                number(theory.optimal_lr),
                number(theory.gd_rate),
                number(lr),
                number(momentum),
                number(theory.heavy_ball_rate),
            )
        )
        self.optimal_gd.setText(
            self.tr("Add gradient descent\nat the best lr ({0})").format(number(theory.optimal_lr))
        )
        self.heavy_ball.setText(
            self.tr("Add heavy ball at its best\nlr and momentum ({0}, {1})").format(
                number(lr), number(momentum)
            )
        )
        self.too_large.setText(
            self.tr("Add gradient descent just\nabove the bound (lr = {0})").format(
                number(1.05 * theory.stable_lr)
            )
        )

    def show_conventions(self, finals: dict[str, tuple[float, float]] | None, note: str) -> None:
        self.conventions_note.setText(note)
        for row, name in enumerate(CONVENTIONS):
            point = finals.get(name) if finals else None
            text = "" if point is None else f"({number(point[0])}, {number(point[1])})"
            self.conventions.setItem(row, 2, QTableWidgetItem(text))
        self.conventions_box.setEnabled(finals is not None)

    def _add_optimal_gd(self) -> None:
        if self.theory is not None:
            self.add_run_requested.emit(
                "gd", {"lr": self.theory.optimal_lr}, self.tr("GD, best lr")
            )

    def _add_heavy_ball(self) -> None:
        if self.theory is not None:
            lr, momentum = self.theory.heavy_ball
            self.add_run_requested.emit(
                "momentum", {"lr": lr, "beta": momentum}, self.tr("Heavy ball, best settings")
            )

    def _add_too_large(self) -> None:
        if self.theory is not None:
            self.add_run_requested.emit(
                "gd", {"lr": 1.05 * self.theory.stable_lr}, self.tr("GD, lr above 2/λmax")
            )
