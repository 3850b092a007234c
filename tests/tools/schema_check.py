#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Usage: schema_check.py SCHEMA_DIR CONFIGS_DIR
# Every shipped input file validates against its JSON Schema (docs/schemas): configs/*.json as
# run configs, configs/recipes/*.json as recipes, configs/sweeps/*.json as sweep specs,
# configs/topologies/*.json as topology files; and a few broken copies are refused, so a schema
# that accepts everything fails too. Needs python3-jsonschema (Debian).
import copy
import json
import pathlib
import sys

import jsonschema

schemas_dir, configs = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
kinds = {"config": configs.glob("*.json"), "recipe": configs.glob("recipes/*.json"),
         "sweep": configs.glob("sweeps/*.json"), "topology": configs.glob("topologies/*.json")}
failures = 0
checked = {}
for kind, files in kinds.items():
    schema = json.loads((schemas_dir / f"{kind}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for f in sorted(files):
        doc = json.loads(f.read_text())
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors:
            print(f"FAIL {f}: /{'/'.join(map(str, e.path))}: {e.message}")
        failures += bool(errors)
        checked.setdefault(kind, (validator, doc))
    print(f"{kind}: checked")


def refused(kind, change, what):
    global failures
    validator, doc = checked[kind]
    broken = copy.deepcopy(doc)
    change(broken)
    if validator.is_valid(broken):
        print(f"FAIL the {kind} schema accepts {what}")
        failures += 1


refused("config", lambda d: d.update(colour="red"), "an unknown top-level key")
refused("config", lambda d: d["unit"]["params"].update(nosuch=1), "an unknown unit param")
refused("config", lambda d: d.update(seed=-1), "a negative seed")
refused("recipe", lambda d: d.update(axsim_recipe=2), "format version 2")
refused("sweep", lambda d: d.update(store="some"), "an unknown store level")
refused("topology", lambda d: d["layers"][0].update(kind="pool"), "a layer of kind pool")
sys.exit(1 if failures else 0)
