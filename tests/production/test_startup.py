"""What starting a worker costs: no Stripe library without Stripe keys, no boto3 before a
file is stored, workflows read by libyaml's C parser when PyYAML has it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

CHECKOUT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from stedskaping import create_app
app = create_app({"TESTING": True, "SECRET_KEY": "x", **%s})
print(" ".join(name for name in ("stripe", "boto3") if name in sys.modules) or "none")
"""


def _imported(settings: dict) -> str:
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    done = subprocess.run([sys.executable, "-c", PROBE % settings], env=env, cwd=CHECKOUT,
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip()


def test_a_worker_without_stripe_keys_never_imports_stripe():
    # boto3 comes on the first file stored, not at start-up.
    assert _imported({"STORAGE": "s3", "S3_BUCKET": "b"}) == "none"
    keys = {"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_PUBLISHABLE_KEY": "pk_test_x"}
    assert _imported(keys) == "stripe"


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="this PyYAML was built without libyaml")
def test_workflows_are_parsed_by_the_c_loader_and_still_refuse_duplicate_keys(tmp_path):
    from stedskaping.engine import definition
    from stedskaping.engine.spec import WorkflowInvalid

    assert issubclass(definition._UniqueKeyLoader, yaml.CSafeLoader)
    path = tmp_path / "twice.yaml"
    path.write_text("key: a\nkey: b\n")
    with pytest.raises(WorkflowInvalid, match="duplicate key 'key'"):
        definition.load_file(path, set())
