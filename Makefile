# Two commands for everyone:  make lab  (open the module)  and  make test  (check it all).
# Each installs what is missing into .venv first; only Python 3 and make are needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: lab test build manifest evidence cohort site clean

# root_dir: the file browser and terminals start in the module's folder, not notebooks/.
# Jupyter refuses to run as root unless told; containers and some VMs run everything as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
# No "receive official Jupyter news?" pop-up over the first notebook (postBuild does the same on Binder).
NO_NEWS := "@jupyterlab/apputils-extension:announcements"

lab: $(VENV)/learner.stamp
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. notebooks/00_start_here.ipynb

# One worker per core (pytest.ini keeps each notebook on one worker).
test: $(VENV)/dev.stamp
	$(BIN)/python -m pytest -n auto

# For authors: rebuild the learner and instructor notebooks from source/ ...
build: $(VENV)/dev.stamp
	$(BIN)/python -m tools.build_notebooks $(NB)

# ... regenerate the synthetic phone extraction from its seed ...
evidence: $(VENV)/dev.stamp
	$(BIN)/python -m unlocked.evidence --into-module-data

# ... regenerate notebook 06's cohort of synthetic phones from its seed ...
cohort: $(VENV)/dev.stamp
	$(BIN)/python -m unlocked.cohort --into-module-data

# ... build the course site into _build/site/html (no network, no notebook executed) ...
site: $(VENV)/dev.stamp
	$(BIN)/python -m tools.build_site

# ... and refresh data/SHA256SUMS after deliberately changing a data file.
manifest: $(VENV)/dev.stamp
	$(BIN)/python -m tools.update_manifest

$(VENV)/learner.stamp: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/jupyter labextension disable --level=sys_prefix $(NO_NEWS) >/dev/null 2>&1
	touch $@

$(VENV)/dev.stamp: requirements-dev.txt $(VENV)/learner.stamp
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV)
