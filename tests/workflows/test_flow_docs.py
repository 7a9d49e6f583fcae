"""docs/ holds the flow's BPMN and chart as viewflow exports them; they must not go stale."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

FLOWS = {
    "interpretation-flow": "workflows/interpretation.flows.InterpretationFlow",
    "proposal-flow": "workflows/proposals.flows.ProposalFlow",
    "application-flow": "workflows/applications.flows.ApplicationFlow",
}


@pytest.mark.parametrize("name", FLOWS)
@pytest.mark.parametrize("fmt", ["bpmn", "svg"])
def test_committed_export_matches_the_flow(tmp_path, name, fmt):
    fresh = tmp_path / f"{name}.{fmt}"
    call_command("flowexport", FLOWS[name], format=fmt, output=str(fresh))
    committed = Path(settings.BASE_DIR) / "docs" / f"{name}.{fmt}"
    assert committed.read_text() == fresh.read_text(), "run `make docs` and commit docs/"
