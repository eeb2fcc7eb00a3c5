"""Honest history: compare two versions of the data, gate a change on data semver, record releases.

Everything is read from the published form (a ``datapackage.json``, its CSV tables and its source
texts) or from a release manifest, never from the models or the build, so that two versions with
different code can still be compared. See docs/history.md.

Modules: ``snapshot`` (one version as published), ``diff``, ``semver``, ``verdict`` (the one answer to "is
this version enough"), ``gate``, ``manifest`` (releases recorded under ``releases/``), ``releases`` (those a
checkout records), ``changelog`` (its entries and Data parts), ``base`` (the git commit a change is compared
with), ``chain`` (``validate``'s history checks), ``inputs`` (what a user names: a path, a ref, a release)
and ``render``.
"""
