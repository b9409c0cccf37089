"""axe-core (from the npm registry, package.json) run inside a page: the accessibility
violations a screen has, of the impacts that block or seriously hinder someone."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

RUN = """
async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3)
      .map((n) => `${n.target.join(' ')}: ${n.failureSummary.slice(0, 160)}`),
  }));
}
"""


def violations(page: Page) -> list[dict[str, object]]:
    """The serious and critical violations on the page as it is now."""
    assert AXE.exists(), f"{AXE} is missing: npm ci installs it (the test command does)"
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN)
    return [v for v in found if v["impact"] in BLOCKING]
